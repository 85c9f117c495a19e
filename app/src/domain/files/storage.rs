//! Where files live: one directory, outside the site root, named in the server's
//! configuration. Each file is stored under a random name (never the uploader's);
//! a file being received is written to a temporary name first and only renamed
//! into place once it was fully read, measured and recognised.

use super::FileError;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// How many first bytes are kept for recognising the type.
const HEAD_BYTES: usize = 4096;

#[derive(Clone, Debug)]
pub struct FileStore {
    dir: PathBuf,
}

impl FileStore {
    /// Uses (and creates, if missing) the directory.
    pub fn open(dir: impl Into<PathBuf>) -> std::io::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        Ok(Self { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Starts receiving a file of at most `max_bytes`.
    pub async fn receive(&self, max_bytes: u64) -> Result<Incoming, FileError> {
        let path = self.dir.join(format!("incoming-{}", random_hex(16)));
        let file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await?;
        Ok(Incoming {
            path,
            file,
            size: 0,
            max_bytes,
            hasher: Sha256::new(),
            head: Vec::with_capacity(HEAD_BYTES),
        })
    }

    /// Moves a received file to its permanent random name; returns that name.
    pub async fn keep(&self, received: &Received) -> Result<String, FileError> {
        let key = random_hex(20);
        tokio::fs::rename(&received.path, self.dir.join(&key)).await?;
        Ok(key)
    }

    /// The file stored under `key`, if the key is one this store could have made.
    pub fn path_of(&self, key: &str) -> Option<PathBuf> {
        (key.len() == 40 && key.bytes().all(|b| b.is_ascii_hexdigit())).then(|| self.dir.join(key))
    }

    /// Removes a stored file (after its database rows could not be written).
    pub async fn remove(&self, key: &str) {
        if let Some(path) = self.path_of(key) {
            let _ = tokio::fs::remove_file(path).await;
        }
    }
}

/// A file being written as its bytes arrive.
pub struct Incoming {
    path: PathBuf,
    file: tokio::fs::File,
    size: u64,
    max_bytes: u64,
    hasher: Sha256,
    head: Vec<u8>,
}

/// A file fully received, still under its temporary name.
#[derive(Debug)]
pub struct Received {
    pub path: PathBuf,
    pub size: u64,
    pub sha256: String,
    pub head: Vec<u8>,
}

impl Incoming {
    /// Writes the next piece; past the limit, stops and deletes what was written.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), FileError> {
        self.size += chunk.len() as u64;
        if self.size > self.max_bytes {
            return Err(FileError::TooLarge {
                max_kb: (self.max_bytes / 1024) as i64,
            });
        }
        if self.head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        self.file.write_all(chunk).await?;
        Ok(())
    }

    pub async fn finish(mut self) -> Result<Received, FileError> {
        self.file.flush().await?;
        self.file.sync_all().await?;
        Ok(Received {
            path: self.path,
            size: self.size,
            sha256: hex::encode(self.hasher.finalize()),
            head: self.head,
        })
    }

    /// Gives up: the partial file is deleted.
    pub async fn abandon(self) {
        drop(self.file);
        let _ = tokio::fs::remove_file(&self.path).await;
    }
}

impl Received {
    pub async fn discard(self) {
        let _ = tokio::fs::remove_file(&self.path).await;
    }
}

/// `bytes` random bytes as hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    hex::encode(buf)
}
