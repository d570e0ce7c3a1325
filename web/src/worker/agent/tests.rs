//! The worker's rules, run natively on burn's CPU backend: a host that
//! records every reply stands in for the browser, and each test drives the
//! run's task by hand, one turn at a time, sending pause, stop or a lost
//! device between turns as the page would.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use burn::tensor::Device;
use cnn_train::efficientnet::FEATURES;
use cnn_train::parallel::{Local, PeerSetup};
use cnn_train::protocol::{
    Backend, BackendChoice, DataChoice, NoGpu, NoGpuWhy, Payload, Reply, Request, WorkerError,
};
use cnn_train::transfer::{Base, LocalLookers, LookJob, Looked, Lookers};
use cnn_train::{zoo, Event, TrainConfig, XoConfig};

use super::super::imagenet::Pretrained;
use super::{backend_for, last_step, workers_for, Agent, Host, Task};

/// Records replies; its clock ticks a millisecond a reading; its sleep
/// gives one turn back to the test; its site holds only the `files` a test
/// puts there.
#[derive(Default)]
struct Recorder {
    replies: RefCell<Vec<(Reply, Option<Vec<u8>>)>>,
    clock: Cell<f64>,
    files: RefCell<std::collections::HashMap<String, Vec<u8>>>,
    /// Every file asked for, in order.
    fetched: RefCell<Vec<String>>,
    /// How many helpers each look at photos asked for.
    lookers_asked: RefCell<Vec<usize>>,
    /// Helpers that stop answering at their first batch.
    lookers_fail: Cell<bool>,
}

/// Helpers in this thread ([`LocalLookers`]), or ones that fail when asked
/// for their answers, as a worker that stopped would.
#[derive(Debug)]
struct TestLookers {
    inner: LocalLookers,
    fail: bool,
}

impl Lookers for TestLookers {
    fn count(&self) -> usize {
        self.inner.count()
    }
    fn send(&self, jobs: Vec<LookJob>, cut: bool) {
        self.inner.send(jobs, cut);
    }
    async fn collect(&self) -> Result<Vec<Looked>, WorkerError> {
        if self.fail {
            return Err(WorkerError::Device {
                detail: "a worker stopped".into(),
            });
        }
        self.inner.collect().await
    }
}

/// Pending once, then ready: a turn for the test to send messages in.
#[derive(Default)]
struct OneTurn(bool);

impl Future for OneTurn {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

impl Host for Recorder {
    fn post(&self, reply: &Reply, bytes: Option<&[u8]>) {
        self.replies
            .borrow_mut()
            .push((reply.clone(), bytes.map(<[u8]>::to_vec)));
    }

    fn now(&self) -> f64 {
        self.clock.set(self.clock.get() + 1.0);
        self.clock.get()
    }

    fn sleep(&self, _ms: i32) -> impl Future<Output = ()> {
        OneTurn::default()
    }

    type Peers = Local;

    /// Peers in this thread: the same sums as workers.
    fn peers(
        &self,
        count: usize,
        setup: PeerSetup,
        _generation: u32,
    ) -> impl Future<Output = Result<Local, WorkerError>> {
        std::future::ready(Local::new(&setup, count, &Device::flex()))
    }

    type Lookers = TestLookers;

    /// Helpers in this thread, with their own base from the same file.
    fn lookers(&self, count: usize) -> impl Future<Output = Result<TestLookers, WorkerError>> {
        self.lookers_asked.borrow_mut().push(count);
        let [weights, _] = Pretrained::files();
        let made = match self.files.borrow().get(weights) {
            Some(w) => Base::new(w, &Device::flex())
                .map(|b| TestLookers {
                    inner: LocalLookers::new(Rc::new(b), count),
                    fail: self.lookers_fail.get(),
                })
                .map_err(|e| WorkerError::Pretrained {
                    detail: e.to_string(),
                }),
            None => Err(WorkerError::Fetch {
                file: weights.to_string(),
                detail: "HTTP 404".into(),
            }),
        };
        std::future::ready(made)
    }

    fn fetch(&self, url: &str) -> impl Future<Output = Result<Vec<u8>, WorkerError>> {
        self.fetched.borrow_mut().push(url.to_string());
        std::future::ready(self.files.borrow().get(url).cloned().ok_or_else(|| {
            WorkerError::Fetch {
                file: url.to_string(),
                detail: "HTTP 404".into(),
            }
        }))
    }
}

type TestAgent = Rc<Agent<Recorder>>;

fn agent() -> TestAgent {
    let agent = Agent::new(Recorder::default());
    agent.gpu_ready(
        Err(NoGpu {
            why: NoGpuWhy::NoBuild,
            detail: "native test".into(),
        }),
        false,
    );
    agent
}

/// An agent whose "GPU" is burn's CPU device: the agent only cares which
/// backend a device stands for, so the GPU's rules (the mirror of the last
/// step, the move to the CPU) run natively.
fn agent_with_gpu(software: bool) -> TestAgent {
    let agent = Agent::new(Recorder::default());
    agent.gpu_ready(Ok(Device::flex()), software);
    agent
}

fn replies(agent: &TestAgent) -> Vec<Reply> {
    agent
        .host()
        .replies
        .borrow()
        .iter()
        .map(|(r, _)| r.clone())
        .collect()
}

fn batches(agent: &TestAgent) -> usize {
    steps_of(&replies(agent)).len()
}

/// The (epoch, step) of each batch among `replies`, in order.
fn steps_of(replies: &[Reply]) -> Vec<(usize, usize)> {
    replies
        .iter()
        .flat_map(|r| match r {
            Reply::Batches { batches } => batches.iter().map(|b| (b.epoch, b.step)).collect(),
            _ => vec![],
        })
        .collect()
}

fn last_batch(agent: &TestAgent) -> Option<(usize, usize)> {
    steps_of(&replies(agent)).last().copied()
}

/// 64 X/O pictures, 48 to train on in batches of 8: 6 steps an epoch.
fn start(epochs: usize, backend: BackendChoice) -> Request {
    Request::Start {
        spec: zoo::xo_tiny(),
        data: DataChoice::Xo {
            config: XoConfig {
                count: 64,
                seed: 3,
                ..XoConfig::default()
            },
        },
        validation: 0.25,
        config: TrainConfig {
            epochs,
            batch_size: 8,
            learning_rate: 0.01,
            ..TrainConfig::default()
        },
        probe: 0,
        backend,
    }
}

/// One turn of a task; true when it has ended.
fn turn(task: &mut Task) -> bool {
    task.as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_ready()
}

/// Turns the task until `done` holds of the agent (at most 10,000 turns).
fn turn_until(task: &mut Task, agent: &TestAgent, done: impl Fn(&TestAgent) -> bool) {
    for _ in 0..10_000 {
        if done(agent) {
            return;
        }
        assert!(!turn(task), "the task ended first: {:?}", replies(agent));
    }
    panic!("not reached in 10,000 turns: {:?}", replies(agent));
}

fn finish(task: &mut Task) {
    for _ in 0..100_000 {
        if turn(task) {
            return;
        }
    }
    panic!("the task did not end");
}

fn send(agent: &TestAgent, request: Request) {
    assert!(
        agent.handle(request, None).is_none(),
        "a control message starts no task"
    );
}

#[test]
fn ready_says_whether_webgpu_can_be_used_and_why_not() {
    let a = agent();
    assert_eq!(
        replies(&a),
        [Reply::Ready {
            webgpu: false,
            software: false,
            reason: Some(NoGpu {
                why: NoGpuWhy::NoBuild,
                detail: "native test".into()
            }),
        }]
    );
    let b = agent_with_gpu(true);
    assert_eq!(
        replies(&b),
        [Reply::Ready {
            webgpu: true,
            software: true,
            reason: None
        }]
    );
}

#[test]
fn automatic_takes_a_real_gpu_and_leaves_a_software_one() {
    use BackendChoice::{Auto, Cpu, WebGpu};
    // (choice, a GPU, it is software) -> where the run trains.
    let table = [
        (Auto, false, false, Backend::Cpu),
        (Auto, true, false, Backend::WebGpu),
        (Auto, true, true, Backend::Cpu),
        (WebGpu, true, true, Backend::WebGpu),
        (WebGpu, true, false, Backend::WebGpu),
        (WebGpu, false, false, Backend::Cpu),
        (Cpu, true, false, Backend::Cpu),
        (Cpu, false, false, Backend::Cpu),
    ];
    for (choice, gpu, software, expected) in table {
        assert_eq!(
            backend_for(choice, gpu, software),
            expected,
            "{choice:?} gpu={gpu} software={software}"
        );
    }
}

#[test]
fn a_checkpoint_position_is_said_as_the_last_step_the_page_showed() {
    // (epochs completed, steps into the next) with 6 steps an epoch.
    assert_eq!(last_step(0, 0, 6), (1, 0), "nothing done yet");
    assert_eq!(last_step(0, 4, 6), (1, 4));
    assert_eq!(last_step(1, 0, 6), (1, 6), "the end of epoch 1");
    assert_eq!(last_step(1, 2, 6), (2, 2));
}

#[test]
fn a_run_reports_its_steps_and_ends_with_done_and_an_evaluation() {
    let a = agent();
    let mut task = a.handle(start(2, BackendChoice::Auto), None).unwrap();
    finish(&mut task);
    let r = replies(&a);
    assert!(matches!(
        &r[1],
        Reply::Started {
            backend: Backend::Cpu,
            train: 48,
            validation: 16,
            steps_per_epoch: 6,
            ..
        }
    ));
    // Two epochs of six steps, each reported once, in order.
    let steps = steps_of(&r);
    let expected: Vec<(usize, usize)> =
        (1..=2).flat_map(|e| (1..=6).map(move |s| (e, s))).collect();
    assert_eq!(steps, expected);
    let epochs = r
        .iter()
        .filter(|r| {
            matches!(
                r,
                Reply::Event {
                    event: Event::Epoch(_)
                }
            )
        })
        .count();
    assert_eq!(epochs, 2);
    assert!(r.iter().any(|r| matches!(r, Reply::Snapshot { .. })));
    let n = r.len();
    assert!(matches!(r[n - 2], Reply::Event { event: Event::Done }));
    match &r[n - 1] {
        Reply::Evaluation { evaluation, .. } => assert_eq!(evaluation.predictions.len(), 16),
        other => panic!("expected the evaluation last, got {other:?}"),
    }
}

#[test]
fn pause_holds_the_steps_until_resume() {
    let a = agent();
    let mut task = a.handle(start(3, BackendChoice::Cpu), None).unwrap();
    turn_until(&mut task, &a, |a| batches(a) >= 2);
    send(&a, Request::Pause);
    assert_eq!(replies(&a).last(), Some(&Reply::Paused));
    let held = batches(&a);
    for _ in 0..200 {
        assert!(!turn(&mut task), "a paused run does not end");
    }
    assert_eq!(batches(&a), held, "no step while paused");
    send(&a, Request::Resume);
    assert_eq!(replies(&a).last(), Some(&Reply::Resumed));
    turn_until(&mut task, &a, |a| batches(a) > held);
    finish(&mut task);
    assert_eq!(batches(&a), 18, "every step of the three epochs, none lost");
}

#[test]
fn stop_ends_the_run_where_it_is_and_still_evaluates() {
    let a = agent();
    let mut task = a.handle(start(5, BackendChoice::Cpu), None).unwrap();
    turn_until(&mut task, &a, |a| batches(a) >= 3);
    // Stop while paused: stop wins.
    send(&a, Request::Pause);
    send(&a, Request::Stop);
    finish(&mut task);
    let r = replies(&a);
    let stopped = r
        .iter()
        .position(|r| *r == Reply::Stopped)
        .expect("Stopped");
    assert!(matches!(r[stopped + 1], Reply::Evaluation { .. }));
    assert_eq!(r.len(), stopped + 2, "nothing after the evaluation");
    assert!(batches(&a) < 30, "the run ended early");
    assert!(!r
        .iter()
        .any(|r| matches!(r, Reply::Event { event: Event::Done })));
    // The stopped network is kept: it can be exported.
    let mut export = a.handle(Request::Export, None).unwrap();
    finish(&mut export);
    let (reply, bytes) = a.host().replies.borrow().last().cloned().unwrap();
    assert_eq!(
        reply,
        Reply::Exported {
            name: "X/O tiny".into()
        }
    );
    assert!(cnn_train::export::decode(&bytes.unwrap()).is_ok());
    // And taken out as ONNX (a protocol-buffer ModelProto: field 1, the IR
    // version, comes first).
    let mut onnx = a.handle(Request::ExportOnnx, None).unwrap();
    finish(&mut onnx);
    let (reply, bytes) = a.host().replies.borrow().last().cloned().unwrap();
    assert_eq!(
        reply,
        Reply::ExportedOnnx {
            name: "X/O tiny".into()
        }
    );
    assert_eq!(
        bytes.unwrap()[..2],
        [0x08, cnn_train::onnx::IR_VERSION as u8]
    );
}

#[test]
fn a_new_start_ends_the_old_run_without_a_word() {
    let a = agent();
    let mut old = a.handle(start(5, BackendChoice::Cpu), None).unwrap();
    turn_until(&mut old, &a, |a| batches(a) >= 2);
    let mut new = a.handle(start(1, BackendChoice::Cpu), None).unwrap();
    let before = replies(&a).len();
    assert!(turn(&mut old), "the old loop ends at its next turn");
    assert_eq!(replies(&a).len(), before, "and says nothing");
    finish(&mut new);
    let r = &replies(&a)[before..];
    assert!(matches!(r[0], Reply::Started { .. }));
    assert!(matches!(r.last(), Some(Reply::Evaluation { .. })));
}

#[test]
fn a_lost_gpu_goes_on_on_the_cpu_from_the_last_completed_step() {
    let a = agent_with_gpu(false);
    let mut task = a.handle(start(2, BackendChoice::Auto), None).unwrap();
    turn_until(&mut task, &a, |a| batches(a) >= 4);
    assert!(matches!(
        replies(&a)[1],
        Reply::Started {
            backend: Backend::WebGpu,
            ..
        }
    ));
    let (epoch, step) = last_batch(&a).unwrap();
    send(&a, Request::FailDevice);
    let before = replies(&a).len();
    finish(&mut task);
    let r = &replies(&a)[before..];
    match &r[0] {
        Reply::FellBack {
            reason,
            epoch: e,
            step: s,
        } => {
            assert!(reason.contains("lost"), "{reason}");
            assert_eq!((*e, *s), (epoch, step), "from the last completed step");
        }
        other => panic!("expected FellBack first, got {other:?}"),
    }
    // The run goes on from the next step to the end, each step once.
    let next = steps_of(r);
    let first = if step == 6 {
        (epoch + 1, 1)
    } else {
        (epoch, step + 1)
    };
    assert_eq!(next.first(), Some(&first));
    assert_eq!(next.last(), Some(&(2, 6)));
    assert!(r
        .iter()
        .any(|r| matches!(r, Reply::Event { event: Event::Done })));
    assert!(matches!(r.last(), Some(Reply::Evaluation { .. })));
    assert!(!r.iter().any(|r| matches!(r, Reply::Error { .. })));
}

#[test]
fn a_device_failure_on_the_cpu_is_reported_not_retried() {
    let a = agent();
    let mut task = a.handle(start(2, BackendChoice::Cpu), None).unwrap();
    turn_until(&mut task, &a, |a| batches(a) >= 1);
    send(&a, Request::FailDevice);
    finish(&mut task);
    let r = replies(&a);
    assert!(!r.iter().any(|r| matches!(r, Reply::FellBack { .. })));
    assert!(r.iter().any(|r| matches!(
        r,
        Reply::Event {
            event: Event::Failed(_)
        }
    )));
}

#[test]
fn requests_that_need_a_model_say_so_without_one() {
    let a = agent();
    for (request, expected) in [
        (
            Request::Predict {
                image: vec![0.0; 81],
            },
            WorkerError::NoModel,
        ),
        (
            Request::Explain {
                image: vec![0.0; 81],
            },
            WorkerError::NoModel,
        ),
        (Request::Export, WorkerError::NoTrainedModel),
        (Request::ExportOnnx, WorkerError::NoTrainedModel),
        (Request::Keep, WorkerError::NoTrainedModel),
    ] {
        let mut task = a.handle(request, None).unwrap();
        finish(&mut task);
        assert_eq!(
            replies(&a).last(),
            Some(&Reply::Error {
                error: expected.clone()
            })
        );
    }
}

#[test]
fn a_model_file_is_refused_while_training_and_when_damaged() {
    let a = agent();
    let mut task = a.handle(start(3, BackendChoice::Cpu), None).unwrap();
    turn_until(&mut task, &a, |a| batches(a) >= 1);
    assert!(a.handle(Request::Import, Some(vec![1, 2, 3])).is_none());
    assert_eq!(
        replies(&a).last(),
        Some(&Reply::Error {
            error: WorkerError::StopFirst
        })
    );
    finish(&mut task);
    // Keep the trained model's file, then import a damaged copy: refused,
    // and the trained model is still there.
    let mut keep = a.handle(Request::Keep, None).unwrap();
    finish(&mut keep);
    let file = a.host().replies.borrow().last().unwrap().1.clone().unwrap();
    assert!(a
        .handle(Request::Import, Some(b"not a model".to_vec()))
        .is_none());
    assert_eq!(
        replies(&a).last(),
        Some(&Reply::Error {
            error: WorkerError::NotAModel
        })
    );
    assert!(a.handle(Request::Import, Some(file)).is_none());
    assert!(matches!(replies(&a).last(), Some(Reply::Imported { .. })));
    let mut predict = a
        .handle(
            Request::Predict {
                image: vec![0.5; 81],
            },
            None,
        )
        .unwrap();
    finish(&mut predict);
    match replies(&a).last() {
        Some(Reply::Prediction { prediction }) => {
            let sum: f32 = prediction.probabilities.iter().sum();
            assert!((sum - 1.0).abs() < 1e-4, "{sum}");
        }
        other => panic!("expected a prediction, got {other:?}"),
    }
}

#[test]
fn missing_digits_are_a_fetch_error_naming_the_file() {
    let a = agent();
    let mut task = a
        .handle(
            Request::Start {
                data: DataChoice::Digits { pad: 2 },
                spec: zoo::lenet5(),
                validation: 0.2,
                config: TrainConfig::default(),
                probe: 0,
                backend: BackendChoice::Auto,
            },
            None,
        )
        .unwrap();
    finish(&mut task);
    assert_eq!(
        replies(&a).last(),
        Some(&Reply::Error {
            error: WorkerError::Fetch {
                file: "datasets/mnist-digits-5k/digits-5k-images-idx3-ubyte.gz".into(),
                detail: "HTTP 404".into()
            }
        })
    );
}

#[test]
fn a_photo_the_browser_refused_is_decoded_or_refused_by_id() {
    let a = agent();
    // A 2x1 PNG: red, then blue.
    let png = cnn_photos::fixtures::png(&cnn_photos::decode::Rgb {
        width: 2,
        height: 1,
        pixels: vec![255, 0, 0, 0, 0, 255],
    });
    assert!(a
        .handle(
            Request::Decode {
                id: 7,
                max_side: 64
            },
            Some(png)
        )
        .is_none());
    let (reply, bytes) = a.host().replies.borrow().last().cloned().unwrap();
    assert_eq!(
        reply,
        Reply::Decoded {
            id: 7,
            width: 2,
            height: 1
        }
    );
    assert_eq!(bytes.unwrap(), [255, 0, 0, 0, 0, 255]);
    assert!(a
        .handle(
            Request::Decode {
                id: 8,
                max_side: 64
            },
            Some(b"no".to_vec())
        )
        .is_none());
    assert!(matches!(
        replies(&a).last(),
        Some(Reply::DecodeFailed { id: 8, .. })
    ));
}

#[test]
fn a_photo_to_import_without_its_file_is_answered_not_imported() {
    // The browser around the agent serves a photo that comes with its
    // `Blob`; one that reaches the agent came without, and is answered.
    let a = agent();
    let request = Request::ImportPhoto {
        id: 9,
        workers: 2,
        crate_only: false,
    };
    assert!(a.handle(request, None).is_none());
    assert!(matches!(
        replies(&a).last(),
        Some(Reply::PhotoNotImported {
            id: 9,
            refused: None,
            ..
        })
    ));
    // A refusal crosses to the page whole, to be named in its language.
    let refused = Reply::PhotoNotImported {
        id: 3,
        refused: Some(cnn_train::protocol::Refused {
            code: "too-many-pixels".into(),
            args: vec![("width".into(), "30000".into())],
        }),
        detail: String::new(),
    };
    let json = serde_json::to_string(&refused).unwrap();
    assert_eq!(serde_json::from_str::<Reply>(&json).unwrap(), refused);
}

/// The app's 224x224 crop of a sample photo, planar RGB.
fn sample_crop(photo: &str) -> Vec<u8> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let bytes = std::fs::read(format!("{root}/static/samples/{photo}.jpg")).unwrap();
    let rgb = cnn_photos::decode::decode(&bytes, 4096).unwrap();
    cnn_photos::prepare::fit(&rgb, 224, cnn_photos::prepare::Fit::Crop)
}

fn see(agent: &TestAgent, pixels: Vec<u8>) -> Reply {
    let mut task = agent
        .handle(Request::SeeImageNet { pixels }, None)
        .expect("seeing is a task");
    finish(&mut task);
    replies(agent).last().cloned().expect("an answer")
}

#[test]
fn the_pretrained_network_is_fetched_once_and_names_what_it_sees() {
    let a = agent();
    // Not on the site (a build without it): the file is named.
    match see(&a, sample_crop("cat")) {
        Reply::Error {
            error: WorkerError::Fetch { file, .. },
        } => assert_eq!(file, "pretrained/efficientnet-lite0.cnnw"),
        other => panic!("{other:?}"),
    }
    // A page where the file should be (a server's error page): refused.
    let classes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../static/pretrained/imagenet-classes.txt"
    ))
    .unwrap();
    {
        let mut files = a.host().files.borrow_mut();
        files.insert(
            "pretrained/efficientnet-lite0.cnnw".into(),
            b"<!doctype html><title>Not found</title>".to_vec(),
        );
        files.insert("pretrained/imagenet-classes.txt".into(), classes);
    }
    assert!(matches!(
        see(&a, sample_crop("cat")),
        Reply::Error {
            error: WorkerError::Pretrained { .. }
        }
    ));
    // The real network (scripts/install.sh makes the file).
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../static/pretrained/efficientnet-lite0.cnnw"
    );
    let weights =
        std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}; scripts/install.sh makes it"));
    let size = weights.len();
    a.host()
        .files
        .borrow_mut()
        .insert("pretrained/efficientnet-lite0.cnnw".into(), weights);
    let Reply::ImageNet { top, loaded, .. } = see(&a, sample_crop("cat")) else {
        panic!("{:?}", replies(&a).last());
    };
    assert_eq!(loaded.map(|l| l.bytes), Some(size));
    assert_eq!(top.len(), 5);
    // ImageNet's cats are classes 281 (tabby) to 285 (Egyptian cat).
    assert!((281..=285).contains(&top[0].class), "{top:?}");
    assert!(
        top[0].name.contains("cat") || top[0].name == "tabby",
        "{top:?}"
    );
    assert!(top.windows(2).all(|w| w[0].probability >= w[1].probability));
    // The second photo uses the network already built.
    let Reply::ImageNet { top, loaded, .. } = see(&a, sample_crop("coffee")) else {
        panic!("{:?}", replies(&a).last());
    };
    assert_eq!(loaded, None);
    assert_eq!(top[0].name, "espresso");
    // A crop of the wrong size is refused, in a sentence the page has.
    assert!(matches!(
        see(&a, vec![0; 10]),
        Reply::Error {
            error: WorkerError::PictureSize { values: 10, .. }
        }
    ));
}

/// The real pretrained network and its class names on the test's site.
fn put_pretrained(agent: &TestAgent) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../static/pretrained");
    let mut files = agent.host().files.borrow_mut();
    for name in ["efficientnet-lite0.cnnw", "imagenet-classes.txt"] {
        let bytes = std::fs::read(format!("{root}/{name}"))
            .unwrap_or_else(|e| panic!("{root}/{name}: {e}; scripts/install.sh makes it"));
        files.insert(format!("pretrained/{name}"), bytes);
    }
}

/// A transfer-learning Start: each sample photo and its mirror image,
/// labelled by whether the photo is the cat or the coffee (class 0) or not;
/// the photos are placed in training and their mirror images in validation,
/// as `train/` and `validation/` folders place them.
fn transfer_start() -> (Request, Vec<u8>) {
    let mut pictures = Vec::new();
    let mut labels = Vec::new();
    for (name, label) in [
        ("cat", 0u8),
        ("coffee", 0),
        ("astronaut", 1),
        ("rocket", 1),
        ("brick", 1),
    ] {
        let crop = sample_crop(name);
        let mirrored: Vec<u8> = crop
            .chunks_exact(224)
            .flat_map(|row| row.iter().rev().copied())
            .collect();
        for picture in [crop, mirrored] {
            pictures.extend(picture);
            labels.push(label);
        }
    }
    let count = labels.len();
    pictures.extend(labels);
    let request = Request::Start {
        spec: cnn_train::transfer::head(2),
        data: DataChoice::Transfer {
            class_names: vec!["cat or coffee".into(), "other".into()],
            count,
            placed: (0..count).map(|i| Some(i % 2 == 1)).collect(),
            kept: vec![],
            apart: false,
        },
        validation: 0.2,
        config: TrainConfig {
            epochs: 3,
            batch_size: 4,
            augment: cnn_train::Augment::NONE,
            ..TrainConfig::default()
        },
        probe: 0,
        backend: BackendChoice::Auto,
    };
    (request, pictures)
}

/// The task of a Start request and its bytes.
fn start_task(a: &TestAgent, (request, bytes): (Request, Vec<u8>)) -> Task {
    a.handle(request, Some(bytes)).expect("a run is a task")
}

/// `start`'s photos with those at `kept` sent as `features` (1,280 a
/// photo, in order) in place of their crops.
fn with_kept(start: (Request, Vec<u8>), kept: &[usize], features: &[f32]) -> (Request, Vec<u8>) {
    let (mut request, bytes) = start;
    let crop = cnn_train::transfer::CROP_BYTES;
    let Request::Start {
        data: DataChoice::Transfer { count, kept: k, .. },
        ..
    } = &mut request
    else {
        unreachable!()
    };
    *k = (0..*count).map(|i| kept.contains(&i)).collect();
    let mut out = Vec::new();
    let mut rows = features.chunks_exact(FEATURES);
    for i in 0..*count {
        if kept.contains(&i) {
            out.extend(rows.next().unwrap().iter().flat_map(|v| v.to_le_bytes()));
        } else {
            out.extend_from_slice(&bytes[i * crop..(i + 1) * crop]);
        }
    }
    out.extend_from_slice(&bytes[*count * crop..]);
    (request, out)
}

/// Bytes beside a message that remember each read (as the browser's
/// message buffer is read).
struct Recorded {
    bytes: Vec<u8>,
    reads: Rc<RefCell<Vec<usize>>>,
}

impl Payload for Recorded {
    fn len(&self) -> usize {
        self.bytes.len()
    }
    fn read(&self, range: std::ops::Range<usize>) -> Vec<u8> {
        self.reads.borrow_mut().push(range.len());
        self.bytes[range].to_vec()
    }
}

#[test]
fn a_transfer_start_reads_its_crops_a_batch_at_a_time_never_whole() {
    // Issue 12's memory bar: the crops of a thousand photos are 150 MB;
    // the worker copies out of the message's buffer one batch of the
    // base's at a time, so they are never in its memory twice.
    let a = agent();
    put_pretrained(&a);
    let (request, bytes) = transfer_start();
    let total = bytes.len();
    let reads = Rc::new(RefCell::new(vec![]));
    let payload = Recorded {
        bytes,
        reads: reads.clone(),
    };
    let mut task = a
        .handle_payload(request, Some(Box::new(payload)))
        .expect("a run is a task");
    finish(&mut task);
    assert!(replies(&a)
        .iter()
        .any(|r| matches!(r, Reply::Event { event: Event::Done })));
    let reads = reads.borrow();
    let crop = cnn_train::transfer::CROP_BYTES;
    // The labels, then each photo's crop as its batch comes up.
    assert_eq!(
        reads.iter().filter(|&&n| n == crop).count(),
        10,
        "{reads:?}"
    );
    assert!(reads.iter().all(|&n| n <= crop), "{reads:?}");
    assert!(reads.iter().sum::<usize>() < total + 1);
}

/// `transfer_start` with the seed's augmentation on.
fn augmented(start: (Request, Vec<u8>)) -> (Request, Vec<u8>) {
    let (mut request, bytes) = start;
    if let Request::Start { config, .. } = &mut request {
        config.augment = cnn_train::Augment::new(0.1, 0.2, 0.2, true).unwrap();
    }
    (request, bytes)
}

#[test]
fn with_augmentation_the_base_looks_at_the_training_photos_again_on_every_epoch() {
    // Seed 001's method 2: 10 photos once, then the 5 training photos
    // (the odd ones are held out) on each of 3 epochs: 25 looks.
    let a = agent();
    put_pretrained(&a);
    let mut task = start_task(&a, augmented(transfer_start()));
    finish(&mut task);
    let r = replies(&a);
    let looks: Vec<(usize, usize, usize)> = r
        .iter()
        .filter_map(|r| match r {
            Reply::Extracting {
                done, total, again, ..
            } => Some((*done, *total, *again)),
            _ => None,
        })
        .collect();
    assert!(
        looks
            .iter()
            .all(|&(_, total, again)| total == 25 && again == 5),
        "{looks:?}"
    );
    assert_eq!(looks.last().map(|l| l.0), Some(25), "{looks:?}");
    // Each epoch's looks come before it trains: by the end of epoch 1,
    // 10 + 5 looks; of epoch 2, 10 + 10.
    let looked_by_epoch_end: Vec<usize> = r
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            matches!(
                r,
                Reply::Event {
                    event: Event::Epoch(_)
                }
            )
        })
        .map(|(at, _)| {
            r[..at]
                .iter()
                .rev()
                .find_map(|r| match r {
                    Reply::Extracting { done, .. } => Some(*done),
                    _ => None,
                })
                .unwrap_or(0)
        })
        .collect();
    assert_eq!(looked_by_epoch_end, [15, 20, 25], "{looks:?}");
    assert!(r
        .iter()
        .any(|r| matches!(r, Reply::Event { event: Event::Done })));
    // Kept features cannot be augmented: the page sends every photo then.
    let b = agent();
    put_pretrained(&b);
    let features = vec![0.5f32; FEATURES];
    let mut task = start_task(&b, augmented(with_kept(transfer_start(), &[0], &features)));
    finish(&mut task);
    assert!(
        replies(&b).iter().any(|r| matches!(
            r,
            Reply::Error {
                error: WorkerError::BadSpec { .. }
            }
        )),
        "{:?}",
        replies(&b)
    );
}

#[test]
fn features_the_base_made_come_back_to_keep_and_are_not_made_again() {
    let a = agent();
    put_pretrained(&a);
    let mut task = start_task(&a, transfer_start());
    finish(&mut task);
    // The features of all ten photos come back, in order, a round at a
    // time (8, then 2).
    let counts: Vec<(usize, usize)> = replies(&a)
        .iter()
        .filter_map(|r| match r {
            Reply::Features { from, count } => Some((*from, *count)),
            _ => None,
        })
        .collect();
    assert_eq!(counts, [(0, 8), (8, 2)]);
    let features: Vec<f32> = features_sent(&a)
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    assert_eq!(features.len(), 10 * FEATURES);
    // Again with photos 0 to 6 kept: the base looks at the other three only.
    a.host().replies.borrow_mut().clear();
    let kept: Vec<usize> = (0..7).collect();
    let start = with_kept(transfer_start(), &kept, &features[..7 * FEATURES]);
    let mut task = start_task(&a, start);
    finish(&mut task);
    let r = replies(&a);
    let last = r.iter().rev().find_map(|r| match r {
        Reply::Extracting {
            done, total, kept, ..
        } => Some((*done, *total, *kept)),
        _ => None,
    });
    assert_eq!(last, Some((3, 3, 7)));
    assert!(replies(&a).contains(&Reply::Features { from: 0, count: 3 }));
    let again: Vec<f32> = features_sent(&a)
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    // The same photos, the same features.
    let diff = again
        .iter()
        .zip(&features[7 * FEATURES..])
        .map(|(x, y)| (x - y).abs())
        .fold(0.0f32, f32::max);
    assert!(diff < 1e-5, "{diff}");
    assert!(r
        .iter()
        .any(|r| matches!(r, Reply::Event { event: Event::Done })));
    // Every photo kept, on a fresh worker: the head trains without the
    // base being fetched at all.
    let fresh = agent();
    put_pretrained(&fresh);
    let all: Vec<usize> = (0..10).collect();
    let mut task = start_task(&fresh, with_kept(transfer_start(), &all, &features));
    finish(&mut task);
    assert!(fresh
        .host()
        .fetched
        .borrow()
        .iter()
        .all(|f| !f.ends_with(".cnnw")));
    assert!(replies(&fresh).contains(&Reply::Extracting {
        done: 0,
        total: 0,
        ms: 0.0,
        kept: 10,
        workers: 1,
        again: 0,
    }));
    assert!(replies(&fresh)
        .iter()
        .any(|r| matches!(r, Reply::Event { event: Event::Done })));
}

#[test]
fn fine_tuning_goes_on_from_the_head_on_the_same_curves_and_is_explained_through_the_base() {
    let a = agent();
    put_pretrained(&a);
    // Nothing to fine-tune yet.
    let (start, bytes) = transfer_start();
    let Request::Start { data, config, .. } = start.clone() else {
        unreachable!()
    };
    let tune = Request::FineTune {
        data,
        validation: 0.2,
        config: TrainConfig {
            epochs: 2,
            learning_rate: cnn_train::transfer::TUNE_LEARNING_RATE,
            ..config
        },
    };
    assert!(a.handle(tune.clone(), Some(bytes.clone())).is_none());
    assert_eq!(
        replies(&a).last(),
        Some(&Reply::Error {
            error: WorkerError::NoTrainedModel
        })
    );
    // The head trains for 3 epochs, then fine-tuning adds 2 on top.
    finish(&mut start_task(&a, (start, bytes.clone())));
    a.host().replies.borrow_mut().clear();
    let mut task = a.handle(tune, Some(bytes)).expect("fine-tuning is a task");
    finish(&mut task);
    let r = replies(&a);
    let tuning = r.iter().find_map(|r| match r {
        Reply::FineTuning {
            from_epoch,
            epochs,
            train,
            validation,
            ..
        } => Some((*from_epoch, *epochs, *train, *validation)),
        _ => None,
    });
    assert_eq!(tuning, Some((3, 2, 5, 5)), "the same split as the head's");
    let epochs: Vec<usize> = r
        .iter()
        .filter_map(|r| match r {
            Reply::Event {
                event: Event::Epoch(e),
            } => Some(e.epoch),
            _ => None,
        })
        .collect();
    assert_eq!(epochs, [4, 5], "counted on from the head's");
    assert!(r.iter().any(|r| matches!(r, Reply::Evaluation { .. })));
    // The fine-tuned network is explained through the base, with its own
    // class activation map, and goes out as ONNX.
    let image: Vec<f32> = sample_crop("cat")
        .iter()
        .map(|&b| f32::from(b) / 255.0)
        .collect();
    finish(&mut a.handle(Request::Explain { image }, None).unwrap());
    match replies(&a).last() {
        Some(Reply::Explanation { cam, blocks, .. }) => {
            let cam = cam.as_ref().expect("a fine-tuned top has a map");
            assert_eq!((cam.rows, cam.cols), (7, 7));
            assert_eq!(blocks.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    finish(&mut a.handle(Request::ExportOnnx, None).unwrap());
    assert!(matches!(
        replies(&a).last(),
        Some(Reply::ExportedOnnx { .. })
    ));
}

#[test]
fn transfer_learning_runs_each_photo_through_the_base_once_then_trains_the_head() {
    let a = agent();
    put_pretrained(&a);
    // The ImageNet panel first: the weights file is fetched then, and not again.
    assert!(matches!(
        see(&a, sample_crop("cat")),
        Reply::ImageNet { .. }
    ));
    let (request, bytes) = transfer_start();
    let mut task = a.handle(request, Some(bytes)).expect("a run is a task");
    finish(&mut task);
    let all = replies(&a);
    let extracting: Vec<(usize, usize)> = all
        .iter()
        .filter_map(|r| match r {
            Reply::Extracting { done, total, .. } => Some((*done, *total)),
            _ => None,
        })
        .collect();
    // Ten photos, eight at a time.
    assert_eq!(extracting, [(8, 10), (10, 10)]);
    let started = all.iter().position(|r| matches!(r, Reply::Started { .. }));
    let last_extract = all
        .iter()
        .rposition(|r| matches!(r, Reply::Extracting { .. }));
    assert!(
        started > last_extract,
        "the head trains after the base has looked"
    );
    match &all[started.unwrap()] {
        // Split as placed (five and five), not at random (8 and 2).
        Reply::Started {
            train, validation, ..
        } => assert_eq!((*train, *validation), (5, 5)),
        _ => unreachable!(),
    }
    assert!(all
        .iter()
        .any(|r| matches!(r, Reply::Event { event: Event::Done })));
    assert_eq!(
        a.host()
            .fetched
            .borrow()
            .iter()
            .filter(|f| f.ends_with(".cnnw"))
            .count(),
        1,
        "the weights are fetched once for both"
    );
    // A test photo: seen through the base, with a coarse occlusion map.
    let image: Vec<f32> = sample_crop("coffee")
        .iter()
        .map(|&b| f32::from(b) / 255.0)
        .collect();
    let mut task = a
        .handle(Request::Explain { image }, None)
        .expect("explaining is a task");
    finish(&mut task);
    match replies(&a).last() {
        Some(Reply::Explanation {
            prediction,
            occlusion,
            cam,
            blocks,
        }) => {
            assert_eq!(prediction.probabilities.len(), 2);
            assert!((prediction.probabilities.iter().sum::<f32>() - 1.0).abs() < 1e-4);
            assert_eq!((occlusion.rows, occlusion.cols), (5, 5));
            assert_eq!(occlusion.drops.len(), 25);
            // Through the base: a 7x7 class activation map, and the maps of
            // an early and a late block.
            let cam = cam.as_ref().expect("a head on the base has a map");
            assert_eq!((cam.rows, cam.cols), (7, 7));
            assert_eq!(cam.class, occlusion.class);
            assert_eq!(blocks.len(), 2);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_stop_while_the_base_looks_ends_the_run_before_any_training() {
    let a = agent();
    put_pretrained(&a);
    let (request, bytes) = transfer_start();
    let mut task = a.handle(request, Some(bytes)).expect("a run is a task");
    turn_until(&mut task, &a, |a| {
        replies(a)
            .iter()
            .any(|r| matches!(r, Reply::Extracting { .. }))
    });
    send(&a, Request::Stop);
    finish(&mut task);
    let all = replies(&a);
    assert!(matches!(all.last(), Some(Reply::Stopped)), "{all:?}");
    assert!(!all.iter().any(|r| matches!(r, Reply::Started { .. })));
}

#[test]
fn transfer_photos_of_the_wrong_length_are_refused_in_a_sentence() {
    let a = agent();
    put_pretrained(&a);
    let (request, mut bytes) = transfer_start();
    bytes.pop();
    let mut task = a.handle(request, Some(bytes)).expect("a run is a task");
    finish(&mut task);
    assert!(
        matches!(
            replies(&a).last(),
            Some(Reply::Error {
                error: WorkerError::PhotoBytes {
                    count: 10,
                    size: 224,
                    ..
                }
            })
        ),
        "{:?}",
        replies(&a).last()
    );
}

/// [`start`] in batches of 12 shared among `workers` (parts of 4).
fn start_on(workers: usize, backend: BackendChoice) -> Request {
    let mut request = start(2, backend);
    if let Request::Start { config, .. } = &mut request {
        config.workers = workers;
        config.batch_size = 12;
    }
    request
}

/// The final validation accuracy a run reported.
fn final_accuracy(r: &[Reply]) -> f32 {
    r.iter()
        .rev()
        .find_map(|r| match r {
            Reply::Event {
                event: Event::Epoch(e),
            } => Some(e.val_accuracy),
            _ => None,
        })
        .expect("an epoch ended")
}

#[test]
fn a_run_on_several_cores_says_so_and_trains_as_on_one() {
    let one = agent();
    finish(&mut one.handle(start_on(1, BackendChoice::Cpu), None).unwrap());
    let three = agent();
    finish(&mut three.handle(start_on(3, BackendChoice::Cpu), None).unwrap());
    let (r1, r3) = (replies(&one), replies(&three));
    assert!(matches!(&r1[1], Reply::Started { workers: 1, .. }));
    assert!(matches!(&r3[1], Reply::Started { workers: 3, .. }));
    assert_eq!(steps_of(&r3), steps_of(&r1), "the same steps, in order");
    // The same training up to the order of float sums (tests/parallel.rs).
    let losses = |r: &[Reply]| -> Vec<f32> {
        r.iter()
            .flat_map(|r| match r {
                Reply::Batches { batches } => batches.iter().map(|b| b.loss).collect(),
                _ => vec![],
            })
            .collect()
    };
    for (a, b) in losses(&r3).iter().zip(losses(&r1)) {
        assert!((a - b).abs() <= 1e-4 * b.abs().max(1.0), "{a} against {b}");
    }
    assert_eq!(final_accuracy(&r3), final_accuracy(&r1));
    assert!(!r3.iter().any(|r| matches!(r, Reply::PeersLost { .. })));
}

#[test]
fn webgpu_trains_in_one_worker_whatever_is_asked() {
    let a = agent_with_gpu(false);
    finish(&mut a.handle(start_on(4, BackendChoice::WebGpu), None).unwrap());
    assert!(matches!(
        &replies(&a)[1],
        Reply::Started {
            backend: Backend::WebGpu,
            workers: 1,
            ..
        }
    ));
}

#[test]
fn a_peer_answers_its_parts_in_order_and_refuses_what_does_not_fit() {
    use cnn_train::parallel::{f32_bytes, f32s, Shard};
    let peer = agent();
    let spec = zoo::xo_tiny();
    let weights: Vec<Vec<f32>> = spec
        .parameters()
        .unwrap()
        .iter()
        .map(|p| vec![0.01; p.len()])
        .collect();
    let lengths: Vec<usize> = weights.iter().map(Vec::len).collect();
    let shard = Shard {
        pixels: vec![0.5; 2 * spec.input.len()],
        labels: vec![0, 1],
    };
    let mut tasks = vec![];
    let mut queue = |request: Request, bytes: Vec<u8>| {
        if let Some(t) = peer.handle(request, Some(bytes)) {
            tasks.push(t);
        }
    };
    queue(
        Request::Peer {
            spec: spec.clone(),
            config: TrainConfig::default(),
            index: 1,
            generation: 7,
            lengths,
        },
        f32_bytes(&weights.concat()),
    );
    queue(Request::Shard { images: 2 }, shard.to_bytes());
    queue(Request::Apply, f32_bytes(&[1.0; 3]));
    queue(Request::Shard { images: 3 }, shard.to_bytes());
    assert_eq!(tasks.len(), 1, "one task serves the queue");
    finish(&mut tasks[0]);
    let r = peer.host().replies.borrow().clone();
    let r: Vec<&(Reply, Option<Vec<u8>>)> = r.iter().skip(1).collect();
    assert_eq!(r[0].0, Reply::PeerReady { generation: 7 });
    match &r[1] {
        (
            Reply::Gradients {
                generation: 7,
                images: 2,
                loss,
                ..
            },
            Some(bytes),
        ) => {
            assert!(loss.is_finite());
            let grads = f32s(bytes).unwrap();
            let trainable: usize = weights.iter().map(Vec::len).sum();
            assert_eq!(grads.len(), trainable, "xo-tiny has no frozen tensor");
        }
        other => panic!("expected gradients, got {other:?}"),
    }
    // A gradient of 3 numbers does not fit; a part of 3 pictures is 2.
    assert!(matches!(
        &r[2].0,
        Reply::Error {
            error: WorkerError::BadMessage { .. }
        }
    ));
    assert!(matches!(
        &r[3].0,
        Reply::Error {
            error: WorkerError::BadMessage { .. }
        }
    ));
}

#[test]
fn each_part_keeps_four_pictures_and_a_head_trains_alone() {
    let config = |workers, batch_size| TrainConfig {
        workers,
        batch_size,
        ..TrainConfig::default()
    };
    assert_eq!(workers_for(&config(2, 32), Backend::Cpu, false), 2);
    assert_eq!(workers_for(&config(8, 16), Backend::Cpu, false), 4);
    assert_eq!(workers_for(&config(8, 3), Backend::Cpu, false), 1);
    assert_eq!(workers_for(&config(4, 32), Backend::WebGpu, false), 1);
    assert_eq!(workers_for(&config(4, 32), Backend::Cpu, true), 1);
}

/// The features a transfer run's base made, as the page gets them.
fn features_sent(a: &TestAgent) -> Vec<u8> {
    let parts: Vec<(usize, Vec<u8>)> = a
        .host()
        .replies
        .borrow()
        .iter()
        .filter_map(|(r, bytes)| match r {
            Reply::Features { from, .. } => Some((*from, bytes.clone().unwrap_or_default())),
            _ => None,
        })
        .collect();
    assert!(!parts.is_empty(), "the features come back");
    // A round at a time, in order, each where the last one ended.
    let mut all = Vec::new();
    for (from, bytes) in parts {
        assert_eq!(from * cnn_train::transfer::FEATURE_BYTES, all.len());
        all.extend(bytes);
    }
    all
}

#[test]
fn helpers_look_at_their_batches_of_photos_and_the_features_are_the_same() {
    let with_workers = |workers: usize, fail: bool| {
        let a = agent();
        a.host().lookers_fail.set(fail);
        put_pretrained(&a);
        let (mut request, bytes) = transfer_start();
        if let Request::Start { config, .. } = &mut request {
            config.workers = workers;
        }
        let mut task = a.handle(request, Some(bytes)).expect("a run is a task");
        finish(&mut task);
        a
    };
    let alone = with_workers(1, false);
    let shared = with_workers(3, false);
    // Ten photos are two batches (8 and 2): one helper, however many
    // workers were asked for, and one round.
    assert!(alone.host().lookers_asked.borrow().is_empty());
    assert_eq!(*shared.host().lookers_asked.borrow(), [1]);
    let rounds = |a: &TestAgent| -> Vec<(usize, usize, usize)> {
        replies(a)
            .iter()
            .filter_map(|r| match r {
                Reply::Extracting {
                    done,
                    total,
                    workers,
                    ..
                } => Some((*done, *total, *workers)),
                _ => None,
            })
            .collect()
    };
    assert_eq!(rounds(&alone), [(8, 10, 1), (10, 10, 1)]);
    assert_eq!(rounds(&shared), [(10, 10, 2)]);
    // Each photo's features depend on it alone and the batches are the
    // same: the bytes are equal, not merely close.
    assert_eq!(features_sent(&alone), features_sent(&shared));
    assert!(!replies(&shared)
        .iter()
        .any(|r| matches!(r, Reply::PeersLost { .. })));
    // A helper that stops: this worker looks at its batch too, says so,
    // and the features are the same again.
    let lost = with_workers(2, true);
    assert!(replies(&lost)
        .iter()
        .any(|r| matches!(r, Reply::PeersLost { .. })));
    assert_eq!(rounds(&lost), [(10, 10, 2)]);
    assert_eq!(features_sent(&alone), features_sent(&lost));
    assert!(replies(&lost)
        .iter()
        .any(|r| matches!(r, Reply::Event { event: Event::Done })));
}

/// Whether the run trained to its end.
fn trained(a: &TestAgent) -> bool {
    replies(a)
        .iter()
        .any(|r| matches!(r, Reply::Event { event: Event::Done }))
}

/// `start` with its crops kept back (`apart`): the bytes are the labels
/// alone, and the crops (by photo) go to [`answer_crops`].
fn kept_back(start: (Request, Vec<u8>)) -> (Request, Vec<u8>, Vec<Vec<u8>>) {
    let (mut request, bytes) = start;
    let crop = cnn_train::transfer::CROP_BYTES;
    let Request::Start {
        data: DataChoice::Transfer { count, apart, .. },
        ..
    } = &mut request
    else {
        unreachable!()
    };
    *apart = true;
    let crops = bytes[..*count * crop]
        .chunks_exact(crop)
        .map(<[u8]>::to_vec)
        .collect();
    let labels = bytes[*count * crop..].to_vec();
    (request, labels, crops)
}

/// Runs `task` to its end as the page would: each `NeedCrops` answered
/// with those crops (`wrong`: one byte short). The parts asked for, in
/// order.
fn answer_crops(a: &TestAgent, task: &mut Task, crops: &[Vec<u8>], wrong: bool) -> Vec<Vec<usize>> {
    let mut answered = 0;
    let mut asked = Vec::new();
    for _ in 0..100_000 {
        let wanted: Vec<(u32, u32, Vec<usize>)> = replies(a)
            .into_iter()
            .filter_map(|r| match r {
                Reply::NeedCrops { run, part, photos } => Some((run, part, photos)),
                _ => None,
            })
            .skip(answered)
            .collect();
        for (run, part, photos) in wanted {
            let mut bytes: Vec<u8> = photos.iter().flat_map(|&i| crops[i].clone()).collect();
            if wrong {
                bytes.pop();
            }
            assert!(a
                .handle(Request::Crops { run, part }, Some(bytes))
                .is_none());
            asked.push(photos);
            answered += 1;
        }
        if turn(task) {
            return asked;
        }
    }
    panic!("the task did not end");
}

#[test]
fn crops_kept_with_the_page_are_asked_for_a_batch_at_a_time_and_give_the_same_features() {
    // Issue 12's 10,000 photos: their crops would be 1.5 GB in one
    // message. The page keeps them, and the worker asks for each batch's
    // as the base comes to it.
    let a = agent();
    put_pretrained(&a);
    let mut whole = start_task(&a, transfer_start());
    finish(&mut whole);
    let b = agent();
    put_pretrained(&b);
    let (request, labels, crops) = kept_back(transfer_start());
    assert_eq!(labels.len(), 10);
    let mut task = b.handle(request, Some(labels)).expect("a run is a task");
    let asked = answer_crops(&b, &mut task, &crops, false);
    // Ten photos: two batches, 8 and 2, each asked for once.
    assert_eq!(asked, [(0..8).collect::<Vec<_>>(), vec![8, 9]]);
    assert_eq!(features_sent(&a), features_sent(&b));
    assert!(trained(&b), "{:?}", replies(&b));
}

#[test]
fn with_augmentation_the_crops_are_asked_for_again_on_every_epoch() {
    // Method 2: every photo once, then the 5 training photos (the odd
    // ones are held out) on each of the 3 epochs.
    let b = agent();
    put_pretrained(&b);
    let (request, labels, crops) = kept_back(augmented(transfer_start()));
    let mut task = b.handle(request, Some(labels)).expect("a run is a task");
    let asked = answer_crops(&b, &mut task, &crops, false);
    let again: Vec<Vec<usize>> = asked[2..].to_vec();
    assert_eq!(again.len(), 3, "{asked:?}");
    for photos in &again {
        let mut sorted = photos.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [0, 2, 4, 6, 8], "{asked:?}");
    }
    assert!(trained(&b), "{:?}", replies(&b));
}

#[test]
fn crops_of_the_wrong_size_or_a_stop_while_waiting_end_the_run_cleanly() {
    let b = agent();
    put_pretrained(&b);
    let (request, labels, crops) = kept_back(transfer_start());
    let mut task = b.handle(request, Some(labels)).expect("a run is a task");
    answer_crops(&b, &mut task, &crops, true);
    assert!(
        replies(&b).iter().any(|r| matches!(
            r,
            Reply::Error {
                error: WorkerError::BadMessage { .. }
            }
        )),
        "{:?}",
        replies(&b)
    );
    // The page stops the run while the worker waits for crops (it could
    // not read them): the worker says it stopped, and asks for no more.
    let c = agent();
    put_pretrained(&c);
    let (request, labels, _) = kept_back(transfer_start());
    let mut task = c.handle(request, Some(labels)).expect("a run is a task");
    turn_until(&mut task, &c, |c| {
        replies(c)
            .iter()
            .any(|r| matches!(r, Reply::NeedCrops { .. }))
    });
    send(&c, Request::Stop);
    finish(&mut task);
    let r = replies(&c);
    assert!(r.iter().any(|r| matches!(r, Reply::Stopped)), "{r:?}");
    let asks = r
        .iter()
        .filter(|r| matches!(r, Reply::NeedCrops { .. }))
        .count();
    assert_eq!(asks, 2, "two batches asked ahead, no more: {r:?}");
}
