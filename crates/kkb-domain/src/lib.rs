//! Pure domain logic of kampungkb, with no database or network I/O: region codes, the PK family census and its
//! validation, the iBangga methodology engine, exact region tallies, and the synthetic data generator.
//!
//! Terms with no good English equivalent stay in Indonesian: *PK* (Pendataan Keluarga, the family census),
//! *iBangga* (Indeks Pembangunan Keluarga, the family development index), *PUS* (pasangan usia subur, a couple
//! of reproductive age), *Rentan* / *Berkembang* / *Tangguh* (the three iBangga categories).

pub mod access;
pub mod classification;
pub mod csv_safe;
pub mod date;
pub mod disclosure;
pub mod figures;
pub mod fxhash;
pub mod generate;
pub mod kampung;
pub mod methodology;
pub mod nik;
pub mod pk;
pub mod planning;
pub mod problem;
pub mod region;
#[cfg(feature = "utoipa")]
mod schema;
pub mod xlsx;
