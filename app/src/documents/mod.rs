//! Large printed documents made in the background: `/manage/c/:slug/document-jobs` starts one and lists
//! the recent ones; `/manage/c/:slug/document-jobs/:id` shows a job's progress (reloading itself every
//! two seconds while it runs, no script needed) and then its file.

mod jobs;

pub use jobs::{DocumentJobPage, DocumentJobsPage};
