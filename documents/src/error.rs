//! Errors while producing a PDF.

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("PDF assembly failed: {0}")]
    Pdf(#[from] lopdf::Error),
    #[error("writing the PDF failed: {0}")]
    Io(#[from] std::io::Error),
}
