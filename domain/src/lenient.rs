//! Serde helpers for inputs that arrive both from HTML forms (always text) and from JSON (numbers).

use serde::{Deserialize, Deserializer};

/// Accepts a string, a number or null, keeping it as the text the validation rules expect.
pub fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Int(i64),
        Float(f64),
        Null,
    }
    Ok(match Option::<Raw>::deserialize(d)? {
        Some(Raw::Text(s)) => s,
        Some(Raw::Int(n)) => n.to_string(),
        Some(Raw::Float(f)) => f.to_string(),
        Some(Raw::Null) | None => String::new(),
    })
}

/// A checkbox: "true", "on", "1" or JSON `true` become "true"; anything else (or absence) "".
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Bool(bool),
        Text(String),
    }
    Ok(match Option::<Raw>::deserialize(d)? {
        Some(Raw::Bool(true)) => "true".into(),
        Some(Raw::Text(s)) if matches!(s.as_str(), "true" | "on" | "1" | "yes") => "true".into(),
        _ => String::new(),
    })
}

/// Whether a flag field (see [`flag`]) is set.
pub fn is_set(value: &str) -> bool {
    value == "true"
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "super::string_or_number")]
        n: String,
    }

    #[test]
    fn numbers_strings_and_null_all_become_text() {
        for (json, want) in
            [(r#"{"n": 5}"#, "5"), (r#"{"n": "5"}"#, "5"), (r#"{"n": null}"#, ""), ("{}", ""), (r#"{"n": 1.5}"#, "1.5")]
        {
            assert_eq!(serde_json::from_str::<T>(json).unwrap().n, want, "{json}");
        }
    }
}
