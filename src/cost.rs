//! Counts of the steps whose number grows with the input (numbers tried for a heading id,
//! bytes scanned for link contexts, names compared for a suggestion…), so that unit tests
//! can check that four times the input costs about four times the work: counting is exact
//! where a timing would flake on a loaded machine. Builds count nothing: outside tests
//! `step` is empty and compiles away.

/// Adds `n` steps of kind `what` to this thread's count (tests only).
#[inline(always)]
pub(crate) fn step(what: &'static str, n: usize) {
    #[cfg(test)]
    counts::STEPS.with(|s| *s.borrow_mut().entry(what).or_default() += n);
    #[cfg(not(test))]
    let _ = (what, n);
}

#[cfg(test)]
pub(crate) mod counts {
    use std::cell::RefCell;
    use std::collections::HashMap;

    thread_local! {
        pub(super) static STEPS: RefCell<HashMap<&'static str, usize>> = RefCell::default();
    }

    /// Runs `work` on a rayon pool of one thread (so parallel stages count on the thread
    /// that reads the counts) and returns the steps it took of kind `what`.
    pub(crate) fn steps_of<R: Send>(what: &'static str, work: impl FnOnce() -> R + Send) -> usize {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a one-thread pool");
        pool.install(|| {
            STEPS.with(|s| s.borrow_mut().clear());
            work();
            STEPS.with(|s| s.borrow().get(what).copied().unwrap_or(0))
        })
    }
}
