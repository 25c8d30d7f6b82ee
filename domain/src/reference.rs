//! Reference data: provincial-level administrative units, agencies and their units.

use serde::{Deserialize, Serialize};

/// A provincial-level administrative unit (tỉnh / thành phố trực thuộc trung ương), dated: names and
/// codes change with mergers, and a document already issued keeps the name it printed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminUnit {
    pub code: String,
    /// Official name with its type, e.g. "Tỉnh Khánh Hòa", "Thành phố Hồ Chí Minh".
    pub name: String,
    pub unit_type: String,
    /// `YYYY-MM-DD`.
    pub valid_from: String,
    pub valid_to: Option<String>,
    /// What it was formed from, as written in the source.
    pub predecessors: String,
    /// A conventional region (Bắc, Trung, Nam).
    pub region: String,
}

/// A name and id, enough to show and link an agency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyRef {
    pub id: i64,
    pub name: String,
    /// Used in document symbols, e.g. "BHXH" in "07/BB-BHXH".
    pub abbreviation: String,
    /// The body it reports to, printed above it in document headers; may be empty.
    #[serde(default)]
    pub parent_name: String,
    /// Where it has its seat, as a document's date line names it ("Hà Nội"); may be empty.
    #[serde(default)]
    pub place_name: String,
}

/// An agency (e.g. Bảo hiểm xã hội Việt Nam) and its units (e.g. Bảo hiểm xã hội tỉnh Khánh Hòa).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agency {
    pub id: i64,
    pub name: String,
    pub abbreviation: String,
    /// The body it reports to, printed above it in document headers (e.g. "BỘ TÀI CHÍNH"); may be empty.
    pub parent_name: String,
    /// Where it has its seat, as a document's date line names it ("Hà Nội"); may be empty.
    #[serde(default)]
    pub place_name: String,
    pub units: Vec<Unit>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    pub id: i64,
    pub agency_id: i64,
    pub name: String,
    /// The provincial-level unit it serves, if any.
    pub admin_unit_code: Option<String>,
}
