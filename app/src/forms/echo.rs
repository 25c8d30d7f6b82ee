//! What a rejected form post without JavaScript brings back to the page: the values as typed and the
//! error, so nothing the user typed is lost.

use hoinghi_domain::AppError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormEcho {
    /// The server function the form called; only that form shows the echo.
    pub fn_path: String,
    pub values: Vec<(String, String)>,
    pub error: AppError,
}

impl FormEcho {
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every value of a multi-valued field (checkboxes).
    pub fn values_of(&self, name: &str) -> Vec<String> {
        self.values.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }
}

/// The echo of this page render, if any; provided at the root of the app for server and browser alike.
#[derive(Clone, Debug, Default)]
pub struct Echo(pub Option<FormEcho>);
