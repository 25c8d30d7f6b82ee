//! Mail: every message is written to the outbox in the transaction of the change it reports (so nothing
//! acknowledged is lost), then sent by SMTP when a server is configured. Organizers read the outbox and
//! can send a message again.

mod link_requests;
mod organizer_link;
mod outbox;
pub(crate) mod registration;
mod sender;

pub use link_requests::request_link;
pub(crate) use link_requests::resend_link;
pub use organizer_link::send_link_again;
pub(crate) use outbox::{enqueue, enqueue_document};
pub use outbox::{list, resend};
pub use sender::{Mailer, run as run_sender, send_due};
