//! A reading thread that feeds the batcher: reading overlaps processing,
//! and a chunk closes as soon as the reader has nothing more to give, so a
//! slow stream (`tail -f dump.jsonl | dealx extract`) gets its records
//! without waiting for a full chunk or for the end of the input.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::Item;

/// How long the batcher waits for input before asking whether to stop.
const POLL: Duration = Duration::from_millis(100);

/// The batcher's end of the queue. Dropping it tells the reading thread to
/// stop at its next item (a read already blocked on the input is left to
/// finish, or to end with the process).
pub(crate) struct Feed {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    /// Signalled when an item arrives or the input ends.
    ready: Condvar,
    /// Signalled when the batcher takes items or goes away.
    room: Condvar,
}

#[derive(Default)]
struct State {
    items: VecDeque<Item>,
    /// Text bytes of the queued documents.
    bytes: usize,
    /// The input has no more items.
    done: bool,
    /// The batcher has gone.
    closed: bool,
}

/// The bytes an item holds (what bounds the queue).
fn weight(item: &Item) -> usize {
    match item {
        Item::Doc(d) => d.text.len(),
        Item::Error(_) | Item::Warning(_) => 0,
    }
}

impl Feed {
    /// Starts a thread that reads `inputs` into a queue holding at most
    /// `max_items` items and `max_bytes` of text (one document more when a
    /// single one is larger).
    pub(crate) fn spawn<I>(inputs: I, max_items: usize, max_bytes: usize) -> Feed
    where
        I: Iterator<Item = Item> + Send + 'static,
    {
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            ready: Condvar::new(),
            room: Condvar::new(),
        });
        let reader = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("dealx-reader".into())
            .spawn(move || reader.fill(inputs, max_items, max_bytes))
            .map(drop)
            .unwrap_or_else(|_| {
                // No thread to be had: say the input ended, and let the
                // caller see an empty run rather than hang.
                let mut state = lock(&shared.state);
                state.done = true;
            });
        Feed { shared }
    }

    /// Moves the next items into `chunk`: waits until at least one is
    /// available, then takes what is there, up to `max_items` items and
    /// `max_bytes` of text. Returns `false` when the input has ended (and
    /// nothing was taken) or `stop` said to stop while waiting.
    pub(crate) fn next_chunk(
        &self,
        chunk: &mut Vec<Item>,
        max_items: usize,
        max_bytes: usize,
        stop: &mut dyn FnMut() -> bool,
    ) -> bool {
        let mut state = lock(&self.shared.state);
        while state.items.is_empty() {
            if state.done {
                return false;
            }
            state = match self.shared.ready.wait_timeout(state, POLL) {
                Ok((s, _)) => s,
                Err(poisoned) => poisoned.into_inner().0,
            };
            if state.items.is_empty() && stop() {
                return false;
            }
        }
        self.take(state, chunk, max_items, max_bytes);
        true
    }

    /// [`Feed::next_chunk`] without the wait: takes the items that are
    /// there now, if any.
    pub(crate) fn try_next_chunk(
        &self,
        chunk: &mut Vec<Item>,
        max_items: usize,
        max_bytes: usize,
    ) -> Ready {
        let state = lock(&self.shared.state);
        if state.items.is_empty() {
            return if state.done {
                Ready::Ended
            } else {
                Ready::Empty
            };
        }
        self.take(state, chunk, max_items, max_bytes);
        Ready::Taken
    }

    /// Moves queued items into `chunk`, up to `max_items` items and
    /// `max_bytes` of text, and tells the reader there is room.
    fn take(
        &self,
        mut state: MutexGuard<'_, State>,
        chunk: &mut Vec<Item>,
        max_items: usize,
        max_bytes: usize,
    ) {
        let mut bytes = 0;
        while chunk.len() < max_items && bytes < max_bytes {
            let Some(item) = state.items.pop_front() else {
                break;
            };
            let w = weight(&item);
            state.bytes -= w;
            bytes += w;
            chunk.push(item);
        }
        self.shared.room.notify_one();
    }
}

/// What [`Feed::try_next_chunk`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ready {
    /// Items were taken.
    Taken,
    /// None is there yet; more may come.
    Empty,
    /// The input has ended.
    Ended,
}

impl Drop for Feed {
    fn drop(&mut self) {
        lock(&self.shared.state).closed = true;
        self.shared.room.notify_all();
    }
}

impl Shared {
    /// The reading thread: every item of `inputs` into the queue, waiting
    /// for room when it is full.
    fn fill<I: Iterator<Item = Item>>(&self, inputs: I, max_items: usize, max_bytes: usize) {
        /// Marks the input ended however the thread leaves (a panic in a
        /// reader included), so the batcher never waits for nothing.
        struct Done<'a>(&'a Shared);
        impl Drop for Done<'_> {
            fn drop(&mut self) {
                lock(&self.0.state).done = true;
                self.0.ready.notify_one();
            }
        }
        let _done = Done(self);
        for item in inputs {
            let mut state = lock(&self.state);
            while !state.closed
                && !state.items.is_empty()
                && (state.items.len() >= max_items || state.bytes >= max_bytes)
            {
                state = match self.room.wait(state) {
                    Ok(s) => s,
                    Err(poisoned) => poisoned.into_inner(),
                };
            }
            if state.closed {
                return;
            }
            state.bytes += weight(&item);
            state.items.push_back(item);
            self.ready.notify_one();
        }
    }
}

/// The lock, whether or not a holder panicked (the queue stays consistent:
/// every change to it is a single push or pop).
fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
