//! The database: an embedded SQLite file, its migrations, and the queries of the app.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, ErrorCode, OptionalExtension};

/// The schema, one migration per entry, applied in order at start-up. `PRAGMA user_version`
/// records how many ran, so each runs once.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        phone TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
    )",
    "CREATE UNIQUE INDEX contacts_email ON contacts (email COLLATE NOCASE)",
];

/// One contact, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The row id.
    pub id: i64,
    /// The full name.
    pub name: String,
    /// The email address, unique (case-insensitively).
    pub email: String,
    /// A phone number, possibly empty.
    pub phone: String,
}

/// What a form gives to save: a contact without its id.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct NewContact {
    /// The full name.
    pub name: String,
    /// The email address.
    pub email: String,
    /// A phone number, possibly empty.
    pub phone: String,
}

/// Why a query failed.
#[derive(Debug)]
pub enum DbError {
    /// A unique column already holds this value: the column's name.
    Taken(&'static str),
    /// The contact does not exist (any more).
    NotFound,
    /// Anything else SQLite reports.
    Sqlite(rusqlite::Error),
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Taken(column) => write!(f, "{column} is already taken"),
            DbError::NotFound => f.write_str("no such contact"),
            DbError::Sqlite(err) => write!(f, "database error: {err}"),
        }
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(err: rusqlite::Error) -> Self {
        match &err {
            rusqlite::Error::SqliteFailure(code, message)
                if code.code == ErrorCode::ConstraintViolation
                    && message.as_deref().is_some_and(|m| m.contains("email")) =>
            {
                DbError::Taken("email")
            }
            rusqlite::Error::QueryReturnedNoRows => DbError::NotFound,
            _ => DbError::Sqlite(err),
        }
    }
}

/// The app's database, shared by every view through the router's state. One connection behind
/// a mutex: SQLite writes one at a time anyway, and every query here takes microseconds.
#[derive(Debug)]
pub struct Db {
    conn: Mutex<Connection>,
}

impl Db {
    /// Opens (or creates) the database file at `path` and migrates it.
    ///
    /// ```
    /// let path = std::env::temp_dir().join(format!("contacts-doc-{}.db", std::process::id()));
    /// let db = contacts::Db::open(&path)?;
    /// drop(db);
    /// let again = contacts::Db::open(&path)?; // migrations already ran: nothing to do
    /// assert_eq!(again.list()?.len(), 0);
    /// # drop(again); std::fs::remove_file(&path).ok();
    /// # Ok::<(), contacts::DbError>(())
    /// ```
    pub fn open(path: impl AsRef<Path>) -> Result<Db, DbError> {
        Db::migrated(Connection::open(path)?)
    }

    /// A fresh database in memory, migrated: for tests.
    ///
    /// ```
    /// let db = contacts::Db::in_memory()?;
    /// let ada = db.insert(&contacts::NewContact { name: "Ada".into(), email: "ada@example.com".into(), phone: String::new() })?;
    /// assert_eq!(db.get(ada.id)?.name, "Ada");
    /// # Ok::<(), contacts::DbError>(())
    /// ```
    pub fn in_memory() -> Result<Db, DbError> {
        Db::migrated(Connection::open_in_memory()?)
    }

    fn migrated(mut conn: Connection) -> Result<Db, DbError> {
        let done: usize = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        for (i, migration) in MIGRATIONS.iter().enumerate().skip(done) {
            let tx = conn.transaction()?;
            tx.execute_batch(migration)?;
            tx.pragma_update(None, "user_version", i + 1)?;
            tx.commit()?;
        }
        Ok(Db {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-done statement behind: recover.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds a few contacts to an empty database, so the demo has something to show.
    pub fn seed_if_empty(&self) -> Result<(), DbError> {
        if !self.list()?.is_empty() {
            return Ok(());
        }
        for (name, email, phone) in [
            ("Ada Lovelace", "ada@example.com", "+44 20 7946 0018"),
            ("Grace Hopper", "grace@example.com", "+1 202 555 0143"),
            ("Alan Turing", "alan@example.com", ""),
        ] {
            self.insert(&NewContact {
                name: name.into(),
                email: email.into(),
                phone: phone.into(),
            })?;
        }
        Ok(())
    }

    /// Every contact, by name.
    pub fn list(&self) -> Result<Vec<Contact>, DbError> {
        let conn = self.conn();
        let mut statement =
            conn.prepare_cached("SELECT id, name, email, phone FROM contacts ORDER BY name, id")?;
        let rows = statement.query_map([], contact_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many contacts there are.
    ///
    /// ```
    /// let db = contacts::Db::in_memory()?;
    /// db.seed_if_empty()?;
    /// assert_eq!(db.count()?, 3);
    /// # Ok::<(), contacts::DbError>(())
    /// ```
    pub fn count(&self) -> Result<usize, DbError> {
        let conn = self.conn();
        let count: i64 = conn.query_row("SELECT count(*) FROM contacts", [], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// One contact.
    pub fn get(&self, id: i64) -> Result<Contact, DbError> {
        let conn = self.conn();
        conn.query_row(
            "SELECT id, name, email, phone FROM contacts WHERE id = ?1",
            [id],
            contact_of,
        )
        .optional()?
        .ok_or(DbError::NotFound)
    }

    /// Adds a contact; [`DbError::Taken`] when its email is already used.
    pub fn insert(&self, new: &NewContact) -> Result<Contact, DbError> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO contacts (name, email, phone) VALUES (?1, ?2, ?3)",
            params![new.name, new.email, new.phone],
        )?;
        Ok(Contact {
            id: conn.last_insert_rowid(),
            name: new.name.clone(),
            email: new.email.clone(),
            phone: new.phone.clone(),
        })
    }

    /// Changes a contact; [`DbError::Taken`] when its new email is another contact's.
    pub fn update(&self, id: i64, changes: &NewContact) -> Result<Contact, DbError> {
        let changed = self.conn().execute(
            "UPDATE contacts SET name = ?1, email = ?2, phone = ?3 WHERE id = ?4",
            params![changes.name, changes.email, changes.phone, id],
        )?;
        if changed == 0 {
            return Err(DbError::NotFound);
        }
        Ok(Contact {
            id,
            name: changes.name.clone(),
            email: changes.email.clone(),
            phone: changes.phone.clone(),
        })
    }

    /// Deletes a contact (nothing when it is already gone).
    pub fn delete(&self, id: i64) -> Result<(), DbError> {
        self.conn()
            .execute("DELETE FROM contacts WHERE id = ?1", [id])?;
        Ok(())
    }
}

fn contact_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        phone: row.get(3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_email_is_reported_by_column() {
        let db = Db::in_memory().expect("db");
        let ada = NewContact {
            name: "Ada".into(),
            email: "ada@example.com".into(),
            phone: String::new(),
        };
        db.insert(&ada).expect("first insert");
        let again = NewContact {
            email: "ADA@example.com".into(),
            ..ada
        };
        assert!(matches!(db.insert(&again), Err(DbError::Taken("email"))));
        assert!(matches!(db.get(99), Err(DbError::NotFound)));
        assert!(matches!(db.update(99, &again), Err(DbError::NotFound)));
    }
}
