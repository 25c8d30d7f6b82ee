//! The service layer's error: either something the user can act on ([`AppError`]) or a fault of ours.
//!
//! Faults are logged once, here, with a short reference that the user sees, so a support request can be
//! matched to the log line without showing internals to anyone.

use hoinghi_domain::AppError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        match e {
            Error::App(app) => app,
            Error::Db(sqlx::Error::RowNotFound) => AppError::NotFound,
            // No connection could be had, so nothing was written: the request can be sent again.
            Error::Db(sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed) => {
                tracing::warn!("no database connection in time: answered 503");
                AppError::Unavailable { message: hoinghi_domain::Message::new("error-busy") }
            }
            fault => {
                let reference = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
                tracing::error!(%reference, error = %fault, "request failed");
                AppError::Internal { reference }
            }
        }
    }
}

impl From<hoinghi_domain::FieldErrors> for Error {
    fn from(e: hoinghi_domain::FieldErrors) -> Self {
        Error::App(AppError::Invalid { fields: e.0 })
    }
}
