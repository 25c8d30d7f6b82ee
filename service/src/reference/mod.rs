//! Reference data: the provincial-level administrative units (dated), agencies and their units.

mod admin_units;
mod agencies;

pub(crate) use admin_units::admin_units_in;
pub use admin_units::{AdminUnitInput, ensure_admin_units, list_admin_units, update_admin_unit};
pub use agencies::{AgencyInput, UnitInput, create_agency, create_unit, list_agencies};
