//! Append-only migrations, one list per backend, embedded in the binary.

use crate::StoreError;
use crate::conn::{Conn, Val};

const SQLITE: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_init.sql")),
    (2, include_str!("../migrations/sqlite/0002_access.sql")),
    (3, include_str!("../migrations/sqlite/0003_kampung.sql")),
    (4, include_str!("../migrations/sqlite/0004_planning.sql")),
    (5, include_str!("../migrations/sqlite/0005_family_pii_inline.sql")),
    (6, include_str!("../migrations/sqlite/0006_round_publication.sql")),
    (7, include_str!("../migrations/sqlite/0007_second_factor.sql")),
    (8, include_str!("../migrations/sqlite/0008_classification_rules.sql")),
    (9, include_str!("../migrations/sqlite/0009_capture.sql")),
];
const POSTGRES: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_init.sql")),
    (2, include_str!("../migrations/postgres/0002_access.sql")),
    (3, include_str!("../migrations/postgres/0003_kampung.sql")),
    (4, include_str!("../migrations/postgres/0004_planning.sql")),
    (5, include_str!("../migrations/postgres/0005_family_pii_inline.sql")),
    (6, include_str!("../migrations/postgres/0006_round_publication.sql")),
    (7, include_str!("../migrations/postgres/0007_second_factor.sql")),
    (8, include_str!("../migrations/postgres/0008_classification_rules.sql")),
    (9, include_str!("../migrations/postgres/0009_capture.sql")),
];

/// Applies the migrations not yet applied; returns how many ran.
pub fn run(c: &mut dyn Conn) -> Result<usize, StoreError> {
    let list = if c.engine() == "postgres" { POSTGRES } else { SQLITE };
    c.batch("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")?;
    let mut ran = 0;
    for (version, sql) in list {
        c.write(|c| {
            let done =
                c.query_opt_as::<i64>("SELECT version FROM schema_migrations WHERE version = $1", &[Val::I(*version)])?;
            if done.is_none() {
                c.batch(sql)?;
                c.exec(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                    &[Val::I(*version), Val::T(&crate::now())],
                )?;
                tracing::info!(version, "applied migration");
                ran += 1;
            }
            Ok(done)
        })?;
    }
    Ok(ran)
}
