//! Sign-in, sign-out and "who am I" server functions.

#[cfg(feature = "ssr")]
pub mod guard;
mod login;
mod logout;
mod me;
mod password;

#[cfg(feature = "ssr")]
pub use login::safe_next;
pub use login::{sign_in, SignIn};
pub use logout::{sign_out, SignOut};
pub use me::{current_user, CurrentUserFn};
pub use password::{change_own_password, ChangeOwnPassword};
