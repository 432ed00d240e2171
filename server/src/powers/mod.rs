//! The power list (权责清单): maintaining the master catalog and the departments'
//! claims on it. The rules live here; storage is in `db::catalog` and `db::claims`.

pub mod catalog;
pub mod claims;
pub mod files;
