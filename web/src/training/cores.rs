//! How many cores a run trains on: the learner's choice, or automatically
//! one worker per core the machine has to spare (at least one core is left
//! for the page), up to [`MAX_WORKERS`]. WebGPU trains in one worker
//! whatever is chosen. The worker shares each batch among them
//! (`cnn_train::parallel`).

use cnn_train::protocol::MAX_WORKERS;
use yew::prelude::*;

use crate::i18n::{n, t, t_args};

/// The cores the browser reports (`navigator.hardwareConcurrency`; 1 where
/// it reports none, and natively what the machine has).
pub fn machine_cores() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .map(|w| w.navigator().hardware_concurrency())
            .filter(|c| c.is_finite() && *c >= 1.0)
            .map_or(1, |c| c as usize)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::available_parallelism().map_or(1, usize::from)
    }
}

/// Automatic's choice on a machine of `cores`: every core but one for the
/// page, at least one, at most [`MAX_WORKERS`].
pub fn automatic(cores: usize) -> usize {
    cores.saturating_sub(1).clamp(1, MAX_WORKERS)
}

/// The workers a run asks for: the learner's `chosen`, or automatic's.
pub fn workers(chosen: Option<usize>, cores: usize) -> usize {
    chosen
        .unwrap_or_else(|| automatic(cores))
        .clamp(1, MAX_WORKERS)
}

/// Most workers an import uses unless the learner chooses more: each holds
/// its own heap (75 to 115 MiB more at the peak for the second here, in
/// `tests/bench/photos-import.mjs`), and two keep a 1,000-photo import at
/// 841 MiB, under the 1 GB bar; the browser decodes on its own threads
/// whichever worker asks, so more workers gain less than their cores.
pub const AUTOMATIC_IMPORT_WORKERS: usize = 2;

/// The workers that bring photos in: the learner's choice, or
/// automatically one per core up to [`AUTOMATIC_IMPORT_WORKERS`]. An
/// import leaves the page's main thread nearly idle (it only stores what
/// the workers send back), so unlike a run it need not leave a core to
/// the page.
pub fn import_workers(chosen: Option<usize>, cores: usize) -> usize {
    chosen
        .unwrap_or(cores.min(AUTOMATIC_IMPORT_WORKERS))
        .clamp(1, MAX_WORKERS)
}

/// The choices offered on a machine of `cores`: 1 to every core (the
/// learner may give the page's core to training too).
pub fn choices(cores: usize) -> std::ops::RangeInclusive<usize> {
    1..=cores.clamp(1, MAX_WORKERS)
}

/// A `cores=` value from a URL: a count within the choices, or nothing
/// (automatic).
pub fn parse(value: &str) -> Option<usize> {
    value
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|c| (1..=MAX_WORKERS).contains(c))
}

#[derive(Properties, PartialEq)]
pub struct CoresFieldProps {
    /// The element's id (each page has its own).
    pub id: AttrValue,
    /// The learner's choice; `None` is automatic.
    pub value: Option<usize>,
    /// A run is going: the choice waits.
    pub busy: bool,
    pub on_change: Callback<Option<usize>>,
    /// The language in use (a change re-renders the text).
    pub lang: &'static str,
}

/// The cores select: Automatic (with its count), then 1 to the machine's.
#[function_component(CoresField)]
pub fn cores_field(p: &CoresFieldProps) -> Html {
    let cores = machine_cores();
    let on_change = p.on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        let value = e
            .target_dyn_into::<web_sys::HtmlSelectElement>()
            .map(|s| s.value())
            .unwrap_or_default();
        on_change.emit(parse(&value));
    });
    let options = choices(cores).map(|c| {
        html! { <option value={c.to_string()} selected={p.value == Some(c)}>{ c }</option> }
    });
    html! {
        <label class="field">{ t("tr-cores") }
            <select id={p.id.clone()} {onchange} disabled={p.busy}>
                <option value="auto" selected={p.value.is_none()}>
                    { t_args("tr-cores-auto", &[("count", n(automatic(cores))), ("cores", n(cores))]) }
                </option>
                { for options }
            </select>
        </label>
    }
}

/// What a CPU run says of its workers (`tr-cores-on`).
pub fn line(workers: usize) -> String {
    t_args("tr-cores-on", &[("count", n(workers))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_leaves_a_core_for_the_page() {
        assert_eq!(automatic(1), 1);
        assert_eq!(automatic(2), 1);
        assert_eq!(automatic(8), 7);
        assert_eq!(automatic(64), MAX_WORKERS);
        assert_eq!(workers(None, 4), 3);
        assert_eq!(workers(Some(2), 4), 2);
        assert_eq!(workers(Some(99), 4), MAX_WORKERS);
    }

    #[test]
    fn an_import_uses_every_core_up_to_two_unless_chosen() {
        assert_eq!(import_workers(None, 1), 1);
        assert_eq!(import_workers(None, 2), 2);
        assert_eq!(import_workers(None, 0), 1);
        assert_eq!(import_workers(None, 8), AUTOMATIC_IMPORT_WORKERS);
        assert_eq!(import_workers(Some(1), 8), 1);
        assert_eq!(import_workers(Some(6), 8), 6);
        assert_eq!(import_workers(Some(99), 8), MAX_WORKERS);
    }

    #[test]
    fn the_choices_go_to_every_core() {
        assert_eq!(choices(2).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(choices(0).collect::<Vec<_>>(), vec![1]);
        assert_eq!(choices(100).count(), MAX_WORKERS);
    }

    #[test]
    fn a_url_count_is_read_or_left_automatic() {
        assert_eq!(parse("2"), Some(2));
        assert_eq!(parse(" 4 "), Some(4));
        assert_eq!(parse("0"), None);
        assert_eq!(parse("auto"), None);
        assert_eq!(parse("17"), None);
    }
}
