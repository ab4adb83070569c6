//! The tokio runtime the extension runs on, rebuilt in a child process after `os.fork()`.
//!
//! A forked child has only the thread that called `fork()`: the parent runtime's worker and I/O
//! threads are gone, so blocking on it (or spawning onto it) would hang. [`get`] therefore keys
//! the runtime by process id and builds a fresh one the first time it is asked for in a new
//! process. The parent's runtime is leaked in the child, never dropped: its threads do not
//! exist there, and dropping it could wait on them or on locks they held at fork time.
//!
//! The `*_async` methods spawn onto it too (see `aio.rs`), so they work in a forked child as well.

use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Mutex;
use tokio::runtime::{Builder, Handle, Runtime};

struct Entry {
    pid: u32,
    /// Taken out and shut down at interpreter exit ([`shutdown`]).
    rt: Mutex<Option<Runtime>>,
    handle: Handle,
}

/// The current process's runtime (leaked, so `&'static`).
static CURRENT: AtomicPtr<Entry> = AtomicPtr::new(std::ptr::null_mut());
/// Serializes building a runtime (held only while one is built).
static BUILDING: Mutex<()> = Mutex::new(());

/// The runtime of the current process, built on first use in each process.
pub fn get() -> &'static Handle {
    let pid = std::process::id();
    if let Some(rt) = current(pid) {
        return rt;
    }
    let _guard = BUILDING.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(rt) = current(pid) {
        return rt;
    }
    let rt = Builder::new_multi_thread()
        .worker_threads(atlassian_admin::defaults::bridge_worker_threads())
        .enable_all()
        .thread_name("atlassian-admin")
        .build()
        .expect("building the tokio runtime");
    let handle = rt.handle().clone();
    let entry: &'static Entry = Box::leak(Box::new(Entry { pid, rt: Mutex::new(Some(rt)), handle }));
    // Any previous entry is the parent's: leaked on purpose (see the module docs).
    CURRENT.store(entry as *const Entry as *mut Entry, Ordering::Release);
    &entry.handle
}

fn entry(pid: u32) -> Option<&'static Entry> {
    let p = CURRENT.load(Ordering::Acquire);
    // SAFETY: entries are leaked boxes that are never freed.
    let entry = unsafe { p.as_ref() }?;
    (entry.pid == pid).then_some(entry)
}

fn current(pid: u32) -> Option<&'static Handle> {
    entry(pid).map(|e| &e.handle)
}

/// Stops this process's runtime: called at interpreter exit (an `atexit` handler), with the GIL
/// released, so that no worker thread is still inside Python when the interpreter finalizes
/// (CPython aborts a thread that takes the GIL during finalization). Tasks still running are
/// cancelled; after this, calls fail instead of running.
pub fn shutdown() {
    let Some(e) = entry(std::process::id()) else { return };
    let rt = e.rt.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(rt) = rt {
        rt.shutdown_timeout(std::time::Duration::from_secs(2));
    }
}

/// [`Python::attach`] for the runtime's worker threads, which complete asyncio futures and
/// build answers as Python objects: the thread's Python thread state is kept between calls.
///
/// A thread that is not Python's gets a fresh thread state from every `Python::attach` and
/// loses it at the end, which on Python 3.11 costs a data-stack `mmap`/`munmap` pair and
/// interpreter-wide locking per call. One extra `PyGILState_Ensure`, never released, keeps it:
/// later attaches only take the GIL. The few kept states (one per worker thread) are freed
/// with the interpreter, or by Python in a forked child; the runtime is shut down before the
/// interpreter finalizes (see [`shutdown`]), so no worker attaches after that.
pub(crate) fn attach<R>(f: impl for<'py> FnOnce(pyo3::Python<'py>) -> R) -> R {
    use std::cell::Cell;
    thread_local! { static KEPT: Cell<bool> = const { Cell::new(false) }; }
    pyo3::Python::attach(|py| {
        if !KEPT.with(|k| k.replace(true)) {
            // SAFETY: this thread holds the GIL (inside `attach`), so this only increments the
            // thread state's use count, which nothing ever decrements.
            unsafe { pyo3::ffi::PyGILState_Ensure() };
        }
        f(py)
    })
}
