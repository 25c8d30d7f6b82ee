//! The published agenda in the formats schedule apps read.

mod frab;

pub use frab::{frab_json, frab_xml};
