//! The 34 provincial-level units in force since 1 July 2025 (Resolution 202/2025/QH15, codes from
//! Decision 19/2025/QĐ-TTg), shipped as `service/data/admin-units-2025.tsv`.
//!
//! Units are dated rows keyed by (code, valid_from): a later reform adds rows and closes old ones with
//! `valid_to`, and nothing already printed is rewritten. Loading only inserts missing rows, so an
//! administrator's corrections survive restarts.

use crate::Service;
use crate::accounts::{Actor, require_admin};
use crate::audit;
use crate::db::Tx;
use crate::error::Result;
use crate::validate::Checker;
use hoinghi_domain::reference::AdminUnit;
use hoinghi_domain::{AppError, text};
use serde::{Deserialize, Serialize};

const UNITS_2025: &str = include_str!("../../data/admin-units-2025.tsv");
const VALID_FROM_2025: &str = "2025-07-01";

/// The rows of the shipped file: (code, name, type, note, predecessors, region).
fn parse_units_2025() -> Vec<[String; 6]> {
    UNITS_2025
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<String> = line.split('\t').map(text::clean_line).collect();
            std::array::from_fn(|i| cols.get(i).cloned().unwrap_or_default())
        })
        .collect()
}

/// Inserts the shipped units that are not in the database yet.
pub async fn ensure_admin_units(tx: &mut Tx) -> Result<usize> {
    let mut inserted = 0;
    for [code, name, unit_type, note, merged_from, region] in parse_units_2025() {
        let predecessors = if merged_from == "(unchanged)" { String::new() } else { merged_from };
        let done = sqlx::query(
            "INSERT INTO admin_units (code, name, unit_type, valid_from, valid_to, predecessors, region, note) \
             VALUES ($1, $2, $3, $4, NULL, $5, $6, $7) ON CONFLICT (code, valid_from) DO NOTHING",
        )
        .bind(&code)
        .bind(&name)
        .bind(&unit_type)
        .bind(VALID_FROM_2025)
        .bind(&predecessors)
        .bind(&region)
        .bind(&note)
        .execute(&mut **tx)
        .await?;
        inserted += done.rows_affected() as usize;
    }
    Ok(inserted)
}

type Row = (String, String, String, String, Option<String>, String, String);

/// The units in force on `on` (`YYYY-MM-DD` as typed; empty for today), in code order.
pub async fn list_admin_units(svc: &Service, on: &str) -> Result<Vec<AdminUnit>> {
    let on = match on.trim() {
        "" => chrono::Utc::now().date_naive(),
        typed => crate::validate::parse_date(typed).map_err(|message| AppError::invalid("on", message))?,
    }
    .to_string();
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT code, name, unit_type, valid_from, valid_to, predecessors, region FROM admin_units \
         WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1) ORDER BY code",
    )
    .bind(&on)
    .fetch_all(svc.db.read())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, name, unit_type, valid_from, valid_to, predecessors, region)| AdminUnit {
            code,
            name,
            unit_type,
            valid_from,
            valid_to,
            predecessors,
            region,
        })
        .collect())
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AdminUnitInput {
    pub name: String,
    pub unit_type: String,
    /// Empty: still in force.
    pub valid_to: String,
}

/// Corrects a unit's name or type, or ends its validity.
pub async fn update_admin_unit(
    svc: &Service,
    actor: &Actor,
    code: &str,
    valid_from: &str,
    input: AdminUnitInput,
) -> Result<()> {
    require_admin(actor)?;
    let name = text::clean_line(&input.name);
    let unit_type = text::clean_line(&input.unit_type);
    let mut check = Checker::new();
    check.required("name", &name).max_len("name", &name, 120).required("unit_type", &unit_type);
    let valid_to = if input.valid_to.trim().is_empty() { None } else { check.date("valid_to", &input.valid_to) };
    check.finish()?;
    let mut tx = svc.db.begin().await?;
    let done = sqlx::query(
        "UPDATE admin_units SET name = $1, unit_type = $2, valid_to = $3 WHERE code = $4 AND valid_from = $5",
    )
    .bind(&name)
    .bind(&unit_type)
    .bind(valid_to.map(|d| d.to_string()))
    .bind(code)
    .bind(valid_from)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound.into());
    }
    audit::record(&mut tx, actor, None, "admin_unit.update", code).await?;
    tx.commit().await?;
    Ok(())
}

/// Every unit currently in force (for names in lists), in code order.
pub(crate) async fn admin_units_in(conn: &mut sqlx::AnyConnection) -> Result<Vec<AdminUnit>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT code, name, unit_type, valid_from, valid_to, predecessors, region FROM admin_units WHERE valid_to IS NULL ORDER BY code",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, name, unit_type, valid_from, valid_to, predecessors, region)| AdminUnit {
            code,
            name,
            unit_type,
            valid_from,
            valid_to,
            predecessors,
            region,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_file_has_the_34_units() {
        let rows = super::parse_units_2025();
        assert_eq!(rows.len(), 34);
        let khanh_hoa = rows.iter().find(|r| r[0] == "56").unwrap();
        assert_eq!(khanh_hoa[1], "Tỉnh Khánh Hòa");
        assert_eq!(khanh_hoa[5], "Trung");
        assert!(rows.iter().any(|r| r[1] == "Thành phố Hồ Chí Minh"));
    }
}
