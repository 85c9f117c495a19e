//! Sign-in, sign-out and "who am I" server functions.

#[cfg(feature = "ssr")]
pub mod guard;
mod login;
mod logout;
mod me;

pub use login::{sign_in, SignIn};
pub use logout::{sign_out, SignOut};
pub use me::{current_user, CurrentUserFn};
