//! Large exports in the background, with their progress: the conversation workbook is
//! written by a task while the report page polls how many rows are done, and the
//! finished file is fetched from `/reports/exports/<id>` by whoever started it.
//!
//! Jobs live in this process (several processes behind one address need sticky
//! sessions for the report pages) and their files in the system's temporary directory;
//! both are forgotten an hour after the job started.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

/// How long a finished file waits to be fetched.
const KEEP: Duration = Duration::from_secs(3600);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    Running,
    Ready,
    Failed,
}

#[derive(Clone, Debug)]
pub struct Job {
    pub user_id: i64,
    /// The name the download is saved under.
    pub file_name: String,
    pub path: PathBuf,
    pub done: u64,
    pub total: u64,
    pub state: JobState,
    started: Instant,
}

static JOBS: LazyLock<Mutex<HashMap<String, Job>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

fn jobs() -> std::sync::MutexGuard<'static, HashMap<String, Job>> {
    JOBS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn dir() -> PathBuf {
    std::env::temp_dir().join("contact-center-exports")
}

/// A new running job of `user_id` for about `total` rows: its id and the path to write.
pub fn start(user_id: i64, file_name: String, total: u64) -> std::io::Result<(String, PathBuf)> {
    sweep();
    let dir = dir();
    std::fs::create_dir_all(&dir)?;
    let id = crate::domain::files::storage::random_hex(16);
    let path = dir.join(format!("{id}.part"));
    jobs().insert(
        id.clone(),
        Job {
            user_id,
            file_name,
            path: path.clone(),
            done: 0,
            total,
            state: JobState::Running,
            started: Instant::now(),
        },
    );
    Ok((id, path))
}

/// `done` rows are written.
pub fn progress(id: &str, done: u64) {
    if let Some(job) = jobs().get_mut(id) {
        job.done = done;
        job.total = job.total.max(done);
    }
}

/// The job ended: its file is ready, or it failed (and its file is removed).
pub fn finish(id: &str, ok: bool) {
    let mut jobs = jobs();
    let Some(job) = jobs.get_mut(id) else { return };
    if ok {
        job.state = JobState::Ready;
        job.total = job.done;
    } else {
        job.state = JobState::Failed;
        let _ = std::fs::remove_file(&job.path);
    }
}

/// The job `id`, if `user_id` started it.
pub fn get(id: &str, user_id: i64) -> Option<Job> {
    jobs().get(id).filter(|j| j.user_id == user_id).cloned()
}

/// Forgets jobs older than an hour and removes their files.
fn sweep() {
    let mut jobs = jobs();
    jobs.retain(|_, job| {
        let keep = job.started.elapsed() < KEEP;
        if !keep {
            let _ = std::fs::remove_file(&job.path);
        }
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_seen_only_by_its_owner_and_counts_its_rows() {
        let (id, path) = start(7, "conversations.xlsx".into(), 2_500).unwrap();
        assert!(path.starts_with(dir()));
        assert!(get(&id, 8).is_none(), "another user never sees the job");
        progress(&id, 1_000);
        let job = get(&id, 7).unwrap();
        assert_eq!(
            (job.done, job.total, job.state),
            (1_000, 2_500, JobState::Running)
        );
        progress(&id, 2_400);
        finish(&id, true);
        let job = get(&id, 7).unwrap();
        assert_eq!((job.done, job.total, job.state), (2_400, 2_400, JobState::Ready));
    }

    #[test]
    fn a_failed_job_loses_its_file() {
        let (id, path) = start(7, "conversations.xlsx".into(), 10).unwrap();
        std::fs::write(&path, b"partial").unwrap();
        finish(&id, false);
        assert_eq!(get(&id, 7).unwrap().state, JobState::Failed);
        assert!(!path.exists());
    }
}
