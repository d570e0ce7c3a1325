# 繁體中文訊息。術語依照投影片：卷積、濾鏡、特徵圖、池化、扁平化、全連接層。
# 每個鍵都必須與 en.ftl 相同（測試會檢查）。

app-title = 電腦如何看出一個 X
stages = 課程階段
stage-input = 輸入圖片
stage-convolution = 卷積運算
stage-relu = 線性整流（ReLU）
stage-pooling = 最大池化
stage-flatten = 扁平化
stage-vote = 全連接層投票
stage-weighted-sum = 加權總和
stage-padding = 填補與步長

note-unknown-stage = 課程中沒有名為「{ $detail }」的階段，所以從頭開始。
note-unknown-step = 這個連結指向課程中不存在的步驟，所以從頭開始。
note-bad-setting = 連結中的「{ $detail }」設定無法辨識，已改用預設值。
note-dismiss = 知道了

panic-message = 發生錯誤，這個頁面停止運作了。重新載入會回到課程，連結會保留你的位置。
panic-reload = 重新載入頁面

timeline = 課程時間軸
play = 播放
pause = 暫停
step-back = 上一步
step-forward = 下一步
to-start = 回到開頭
to-end = 跳到結尾
key-home = 開頭（Home）
key-back = 上一步（← 或 Page Up）
key-space = 播放或暫停（空白鍵）
key-forward = 下一步（→ 或 Page Down）
key-end = 結尾（End）
speed = 速度
speed-n = 每秒 { $n } 步
speed-max = 全速
scrub = 課程中的位置
step-counter = 第 { $step } 步，共 { $total } 步

cell-label = 第 { $row } 列，第 { $col } 行
pixel-label = 像素第 { $row } 列、第 { $col } 行：{ $value }。按 Enter 翻轉。
products = 逐項乘積
filters = 濾鏡
filter-left = 左斜濾鏡 \
filter-x = 叉叉濾鏡
filter-right = 右斜濾鏡 /
class-x = X
class-o = O

image = 圖片
image-x = X
image-o = O
input-caption = 輸入圖片，9×9
input-lead = 電腦把圖片看成一格一格的數字：這裡 +1 是筆畫，−1 是背景。這是投影片中的 X。
input-hint = 點任一個像素（或移到它上面按 Enter）就能翻轉它，畫出你自己變形的 X。後面每個階段都會用你的圖重新計算。

conv-lead = 濾鏡是一種特徵的小圖。把它在圖片上滑動；每到一個位置，就把九對數字相乘、加總、取平均。平均值代表這一塊和濾鏡有多相似：1 是完全相同，−1 是完全相反。
conv-output-caption = 特徵圖，7×7
conv-hint = 點特徵圖上任一格，就會跳到計算它的那一步。
calc-sum-label = 總和：{ " " }
calc-sum-result = 總和 { $value } 填入這一格。
calc-mean = 平均：{ $sum } ÷ { $count } = { $exact } ≈ { $value }
calc-mean-whole = 平均：{ $sum } ÷ { $count } = { $value }
reduction = 乘積的合併方式
reduction-mean = 取平均（投影片）
reduction-sum = 加總（框架）

relu-lead = 線性整流（ReLU）保留正值，把每個負值變成 0：不相符的濾鏡就不發言，避免正負相消。
relu-output-caption = ReLU 之後，7×7
relu-all = 一次做完所有格子
calc-relu = max(0, { $input }) = { $value }

pool-lead = 最大池化在每個 2×2 的範圍中留下最強的值，每次移動兩格。在右邊與下邊的邊緣，範圍只涵蓋剩下的格子。維度降低，特徵保留。
pool-levels = 池化次數
pool-level-1 = 7×7 → 4×4
pool-level-2 = 4×4 → 2×2
pool1-caption = 池化後，4×4
pool2-caption = 再池化一次，2×2
calc-max = max({ $values }) = { $value }
pool-window-size = 這個範圍涵蓋 { $rows }×{ $cols } 格。

flatten-lead = 扁平化把三張 2×2 的圖排成一列 12 個數字，一張圖接一張圖、一列接一列，讓全連接層可以讀取。
flatten-caption = 扁平化後，12 個值
flatten-move = { $filter }，第 { $row } 列第 { $col } 行 → 第 { $index } 個位置
flatten-from = 第 { $index } 個位置：來自{ $filter }，第 { $row } 列第 { $col } 行

vote-lead = 每個輸出把 12 個值各自乘上權重後加總。接著 softmax 把兩個分數變成加起來是 100% 的機率。
vote-caption = 全連接層：12 個輸入，2 個輸出
vote-feature = 數值
vote-weight-x = X 的權重
vote-weight-o = O 的權重
vote-product = 乘積
vote-score = 分數
vote-weights-explained = 這些權重是手動設定的，方便閱讀：理想的 X（或 O）讓某個值完全亮起、而另一個字母沒有時，權重為 1，其他為 0。每個輸出計算支持自己那個字母的證據。訓練好的網路會學到類似的權重。
vote-verdict = 網路投票給 { $class }。
vote-try-o = 讓 O 通過網路
vote-try-x = 讓 X 通過網路

weighted-lead = 把卷積核的中心放在來源像素上，用它自己與周圍像素的加權總和取代這個像素。
source-caption = 來源圖片
kernel-caption = 卷積核
output-caption = 輸出
calc-weighted = 加權總和 = { $value }
weighted-frameworks = Keras、PyTorch 等框架只把乘積加總，不會再除。投影片除以 9，是為了把結果讀成介於 −1 到 1 的相似度；兩者得到的圖案相同，只差在比例。
weighted-try-sum = 用加總而不是平均來看 X。

padding-lead = 填補（padding）在圖片周圍補上 0，讓卷積核也能以邊緣像素為中心；步長（stride）是卷積核每次移動的格數。
padding = 填補
padding-0 = 不填補
padding-1 = 填補 1
stride = 步長
stride-1 = 步長 1
stride-2 = 步長 2
padded-caption = 填補後的圖片
padding-formula = 輸出大小 = (W − K + 2P) ÷ S + 1 = ({ $w } − { $k } + 2×{ $p }) ÷ { $s } + 1 = { $out }

describe-input = 輸入圖片：+1 是筆畫，−1 是背景。
describe-conv-products = { $filter }，第 { $row } 列第 { $col } 行：範圍內的九個乘積。
describe-conv-sum = { $filter }，第 { $row } 列第 { $col } 行：乘積總和為 { $sum }。
describe-conv-result = { $filter }，第 { $row } 列第 { $col } 行的值是 { $value }。
describe-relu = 對{ $filter }做 ReLU，第 { $row } 列第 { $col } 行。
describe-pool = 第 { $level } 次池化，{ $filter }，第 { $row } 列第 { $col } 行。
describe-flatten = 扁平化：12 個值中的第 { $index } 個。
describe-vote-x = X 的分數。
describe-vote-o = O 的分數。
describe-softmax = softmax 把分數變成機率。
describe-weighted = 加權總和，第 { $cell } 個輸出格。
describe-padding = 填補與步長，第 { $cell } 個輸出格。

language = 語言

projector = 投影模式
projector-hint = 大字、高對比，適合投影。空白鍵播放，方向鍵或簡報器翻頁，B 讓畫面變黑。

sections = 區塊
nav-lesson = X/O 課程
nav-playground = 遊樂場

pg-lead = 在任何圖片上試任何卷積核。選一張圖、編輯卷積核、調整填補、步長、膨脹與池化，每張特徵圖都會跟著更新。把滑鼠移到特徵圖上（或用鍵盤聚焦），就能看到每個值來自輸入的哪個範圍。
pg-input = 圖片
pg-upload = 你自己的照片（只留在這台裝置上）
pg-colour = 彩色（三個通道）
pg-draw = 手繪
pg-draw-label = 繪圖板：用滑鼠、觸控筆或手指畫
pg-draw-hint = 在這裡畫，特徵圖會跟著你的圖變化。
pg-input-label = 網路看到的圖片
pg-input-size = { $c } × { $h } × { $w }（通道 × 高 × 寬）
pg-sample-failed = 範例圖片無法載入。請重新載入頁面，或選另一張圖。
pg-file-unreadable = 「{ $name }」無法當成圖片讀取。請選 JPEG、PNG、WebP、GIF 或 BMP 檔；原本的圖片會保留。
pg-loading = 正在載入圖片…
pg-kernels = 卷積核
pg-kernel-n = 卷積核 { $n }
pg-preset = 預設
pg-custom = 自訂
pg-size = 大小
pg-weight-label = 權重，第 { $row } 列第 { $col } 行
pg-weight-invalid = 請輸入數字，例如 1、-0.5 或 2.25。卷積核會保留上一個有效的值。
pg-add-kernel = 新增卷積核
pg-remove-kernel = 移除
pg-geometry = 層的設定
pg-dilation = 膨脹
pg-relu = ReLU
pg-pool = 池化
pg-pool-none = 不池化
pg-pool-max = 最大池化 { $w }×{ $w }，步長 { $s }
pg-pool-avg = 平均池化 { $w }×{ $w }，步長 { $s }
pg-padding-valid = 不填補（valid）
pg-padding-same = 等大（same）
pg-padding-n = 每邊填補 { $n }
pg-results = 特徵圖
pg-formula-h = 高：⌊(W − K + 2P) ÷ S⌋ + 1 = ⌊({ $w } − { $k } + { $p2 }) ÷ { $s }⌋ + 1 = { $out }
pg-formula-w = 寬：⌊(W − K + 2P) ÷ S⌋ + 1 = ⌊({ $w } − { $k } + { $p2 }) ÷ { $s }⌋ + 1 = { $out }
pg-formula-pool = 池化 { $k }×{ $k }，步長 { $s }：{ $h }×{ $w } → { $ph }×{ $pw }
pg-formula-first-kernel = 大小是依第一個卷積核計算；不同大小的卷積核會得到不同大小。
pg-no-output = 卷積核涵蓋 { $kh }×{ $kw } 格，但填補後的圖片只有 { $ph }×{ $pw }，所以沒有輸出。請增加填補，或選較小的卷積核或膨脹。
pg-error = 這些設定無法搭配：{ $detail }。
pg-hover-hint = 把滑鼠移到特徵圖上，或聚焦後用方向鍵，就能看到每個值的來源。
pg-readout = 特徵圖 { $n }，第 { $row } 列第 { $col } 行：{ $value }，來自輸入第 { $top } 到 { $bottom } 列、第 { $left } 到 { $right } 行。
pg-map-label = 特徵圖 { $n }，{ $name }，{ $h } × { $w }。用方向鍵讀取數值。
pg-credits = 範例照片：貓 Chelsea（Stefan van der Walt，CC0）、咖啡（Rachel Michetti，CC0）、太空人 Eileen Collins（NASA，公有領域）、DSCOVR 發射（SpaceX，公有領域）、磚牆紋理（CC0Textures，CC0），取自 scikit-image 的範例資料。

sample-cat = 貓
sample-coffee = 咖啡
sample-astronaut = 太空人
sample-rocket = 火箭
sample-brick = 磚牆

kernel-identity = 恆等
kernel-identity-about = 複製圖片：中心權重是 1，其餘是 0。
kernel-box-blur = 方框模糊
kernel-box-blur-about = 每個像素變成周圍 3×3 的平均。
kernel-gaussian-blur = 高斯模糊
kernel-gaussian-blur-about = 較柔和的模糊：近的鄰居比遠的更重要。
kernel-sharpen = 銳化
kernel-sharpen-about = 把與鄰居的差異加回去，讓邊緣更明顯。
kernel-sobel-x = Sobel x
kernel-sobel-x-about = 對左右方向的亮度變化有反應：垂直邊緣。
kernel-sobel-y = Sobel y
kernel-sobel-y-about = 對上下方向的亮度變化有反應：水平邊緣。
kernel-laplacian = 拉普拉斯（邊緣偵測）
kernel-laplacian-about = 平坦處為 0，任何方向亮度改變的地方都很強。
kernel-emboss = 浮雕
kernel-emboss-about = 光從左上照來：邊緣看起來凸起。
kernel-xo-left = X/O 左斜濾鏡 \
kernel-xo-left-about = 投影片中的左斜濾鏡。
kernel-xo-x = X/O 叉叉濾鏡
kernel-xo-x-about = 投影片中的叉叉濾鏡。
kernel-xo-right = X/O 右斜濾鏡 /
kernel-xo-right-about = 投影片中的右斜濾鏡。
kernel-minus-eight = −8 範例
kernel-minus-eight-about = 種子 001 的卷積核：左上 4，右下 −4。

live-camera = 網路攝影機（即時）
live-video-file = 影片檔（只留在這台裝置上）
live-size = 畫面大小
live-video-label = 即時畫面
live-starting = 正在等待第一個畫面…
live-stats = 每個畫面：{ $ms } 毫秒（最近畫面的中位數，含卷積、ReLU、池化與繪圖），{ $frames } 個畫面，{ $w }×{ $h }。
live-camera-refused = 瀏覽器沒有被允許使用攝影機。請在網址列的圖示中允許此頁面使用攝影機，或改用照片、手繪或影片檔；其他功能都能照常使用。
live-no-camera = 找不到攝影機。請接上攝影機，或改用照片、手繪或影片檔；其他功能都能照常使用。
live-camera-busy = 攝影機正被其他程式使用。請關閉該程式後再選一次「網路攝影機」，或改用照片或影片檔。
live-camera-failed = 攝影機無法啟動（{ $detail }）。請改用照片、手繪或影片檔。

## Playground step mode
pg-step-toggle = 逐步檢視一個區域
pg-step-title = 逐步計算
pg-step-lead = 從第 { $row } 列、第 { $col } 行開始的 { $h }×{ $w } 個輸出格，以灰階計算（像素值 0–255）。點選特徵圖上的一格，或在格上按 Enter，即可逐步檢視其他區域。
pg-step-describe = 輸出第 { $row } 列、第 { $col } 行：{ $phase }
pg-step-phase-products = 每個權重乘上它下方的像素
pg-step-phase-sum = 把乘積加總
pg-step-phase-result = 寫入這一格
pg-step-too-wide = 這裡一個視窗寬 { $span } 個像素，逐步模式最多顯示 { $max } 個。請選較小的濾鏡或較小的擴張率。

## Trainer
nav-train = 訓練 CNN
tr-lead = 在瀏覽器裡訓練一個小型 CNN。選擇模型和資料，按下「開始」，看著曲線、濾鏡和特徵圖隨學習而改變。所有資料都不會離開你的裝置。
tr-backend-starting = 正在啟動訓練 worker…
tr-model = 模型
tr-model-xo-tiny = 迷你 X/O 網路
tr-model-lenet5 = LeNet-5
tr-model-mnist-cnn = MNIST CNN（投影片）
tr-model-cats-dogs = 貓狗分類 CNN（投影片）
tr-model-tiny-vgg = TinyVGG
tr-data = 資料
tr-data-xo = 程式產生的 X 與 O
tr-data-digits = 手寫數字（MNIST，5,000 張）
tr-count = 圖片數
tr-seed = 亂數種子
tr-validation = 驗證集 %
tr-optimizer = 優化器
tr-sgd = SGD（含動量）
tr-momentum = 動量
tr-lr = 學習率
tr-batch = 批次大小
tr-epochs = 訓練週期（epochs）
tr-dropout = Dropout
tr-augment = 資料增強
tr-start = 開始
tr-pause = 暫停
tr-resume = 繼續
tr-stop = 停止
tr-export = 匯出模型
tr-import = 匯入模型檔
tr-fix-fields = 有些設定需要修正才能開始訓練：請看欄位旁的說明。
tr-bad-range = 不能用「{ $value }」：請輸入 1 到 { $max } 的整數。
tr-bad-seed = 「{ $value }」不是亂數種子：請輸入整數，例如 1。
tr-bad-lr = 「{ $value }」不是學習率：請輸入正數，例如 0.001。
tr-bad-momentum = 「{ $value }」不是動量：請輸入 0 以上、小於 1 的數，例如 0.9。
tr-bad-validation = 不能用「{ $value }」：驗證集請保留 5 到 50 百分比。
tr-bad-model = 沒有叫做「{ $value }」的模型。
tr-summary = 模型摘要（與 Keras 的輸出相同）
tr-layer = 層（類型）
tr-output-shape = 輸出形狀
tr-params = 參數數量
tr-total = 參數總數
tr-trainable = 可訓練參數
tr-non-trainable = 不可訓練參數
tr-progress = 訓練進度
tr-progress-line = 第 { $epoch } / { $epochs } 週期，第 { $step } / { $steps } 步 · 已用 { $elapsed }，剩餘 { $remaining } · 每秒 { $rate } 張
tr-loss = 損失（橘：訓練，平滑後；藍：驗證）
tr-accuracy = 準確率（橘：訓練，平滑後；藍：驗證）
tr-curve-loss = 損失曲線；最新驗證損失 { $value }
tr-curve-acc = 準確率曲線；最新驗證準確率 { $value }
tr-epoch-table = 每個週期
tr-epoch = 週期
tr-train-loss = 訓練損失
tr-train-acc = 訓練準確率
tr-val-loss = 驗證損失
tr-val-acc = 驗證準確率
tr-network = 網路現況
tr-filters = 第一層的濾鏡
tr-filter = 濾鏡 { $n }
tr-feature-maps = 一張驗證圖片的特徵圖
tr-map = { $layer }，特徵圖 { $n }
tr-probe = 驗證圖片
tr-probe-label = 一張驗證圖片（標籤：{ $label }）
tr-probabilities = 網路的判斷
tr-evaluation = 驗證結果
tr-confusion = 混淆矩陣：正確率 { $accuracy }
tr-confusion-caption = 列：真實類別；行：網路的判斷。
tr-mistakes = 判斷錯誤的圖片
tr-no-mistakes = 沒有：每張驗證圖片都分類正確。
tr-mistake = { $label } 被當成 { $predicted }（{ $confidence }%）
tr-draw = 畫畫看
tr-draw-label = 畫板：用滑鼠、手指或觸控筆畫一個數字，或畫 X、O
tr-draw-hint = 在畫板上畫，訓練好的網路會說出它看到什麼。
tr-drawn-prediction = 網路判斷是 { $class }（{ $p }%）。
tr-clear = 清除
tr-diverged = 訓練在第 { $epoch } 週期第 { $step } 步停止：損失變成無限大或不是數字。學習率可能太高；請調低（例如小 10 倍）後重新開始。已保留最後一組正常的權重。
tr-device-failed = 訓練時裝置發生錯誤（{ $detail }）。已保留最後完成那一步的權重。
tr-imported = 已匯入模型。在畫板上畫畫測試它，或繼續訓練。
tr-file-unreadable = 無法讀取該檔案。請重新選擇檔案。
tr-credits = 數字資料：MNIST 測試集的前 5,000 張圖片（Yann LeCun、Corinna Cortes、Christopher J.C. Burges），CC BY-SA 3.0 授權。
grid-corner = 列，行

## Model editor
ed-toggle = 編輯模型
ed-reset = 回到模型庫的模型
ed-title = 各層
ed-input = 輸入：{ $shape }（高 × 寬 × 通道）
ed-kind = 層
ed-kind-conv2d = 卷積層
ed-kind-max_pool = 最大池化
ed-kind-avg_pool = 平均池化
ed-kind-dropout = Dropout
ed-kind-flatten = 扁平化
ed-kind-dense = 全連接層（Dense）
ed-filters = 濾鏡數
ed-kernel = 濾鏡大小
ed-stride = 步幅
ed-size = 視窗大小
ed-rate = 比率
ed-units = 神經元數
ed-activation = 激活函數
ed-up = 把第 { $n } 層上移
ed-down = 把第 { $n } 層下移
ed-add-after = 在第 { $n } 層後面加一層
ed-remove = 移除第 { $n } 層
ed-add-first = 在最前面加一層
spec-empty = 模型沒有任何層：至少要加一個 Dense 輸出層。
spec-zero-input = 輸入的 { $field } 是 0：輸入的每一邊都至少要是 1。
spec-zero-setting = 第 { $layer } 層（{ $kind }）：{ $field } 是 0 或不是數字；請設為至少 1。
spec-kernel-too-large = 第 { $layer } 層（{ $kind }）：{ $kernel }×{ $kernel } 的視窗比 { $h }×{ $w } 的輸入還大。請用較小的視窗、same 填補，或移除它前面的一個池化層。
spec-needs-flatten = 第 { $layer } 層（Dense）收到 { $shape } 的輸入：請在它前面加一個扁平化層。
spec-spatial-after-flatten = 第 { $layer } 層（{ $kind }）在輸入被扁平化成 { $len } 個值之後：請把它移到扁平化層之前。
spec-dropout-rate = 第 { $layer } 層（Dropout）：比率 { $rate } 不在 0 到 1 之間；請用 0.25 或 0.5 之類的比率。
spec-output-classes = softmax 輸出至少要有 2 個類別，不能是 { $classes }。
spec-output-mismatch = 最後一層（第 { $layer } 層，{ $kind }）必須是有 { $units } 個神經元、使用 { $activation } 的 Dense 層，才能產生模型的輸出。
spec-too-large = 模型有 { $params } 個參數，超過瀏覽器能訓練的 { $limit } 個：請用較少的濾鏡或神經元，或在扁平化前先池化。

## Trainer backends
tr-backend = 運算後端
tr-backend-auto = 自動（有 WebGPU 就用）
tr-backend-cpu-choice = CPU
tr-backend-webgpu-ready = 可以使用 WebGPU：訓練在 GPU 上執行（burn 的 wgpu 後端），並在 web worker 中進行，頁面保持流暢。可選 CPU 來比較。
tr-backend-no-webgpu = 訓練在 CPU 上執行（burn 的 flex 後端，編譯成 WebAssembly），因為{ $reason }。
tr-backend-on-webgpu = 正在 WebGPU 上訓練（burn 的 wgpu 後端），於 web worker 中進行。
tr-backend-on-cpu-chosen = 依你的選擇，正在 CPU 上訓練（burn 的 flex 後端，編譯成 WebAssembly）。
tr-backend-on-cpu = 正在 CPU 上訓練（burn 的 flex 後端，編譯成 WebAssembly），因為{ $reason }。
tr-fell-back = GPU 發生錯誤（{ $reason }）。訓練改在 CPU 上從第 { $epoch } 週期第 { $step } 步繼續；資料和曲線都保留。
tr-why-no-gpu = 這個瀏覽器不支援 WebGPU
tr-why-no-build = 這份應用程式建置時沒有包含 WebGPU 後端
tr-why-device = WebGPU 沒有可用的裝置（{ $detail }）
tr-backend-software = 這裡的 WebGPU 只能以軟體執行（SwiftShader，在 CPU 上），比 CPU 後端還慢：「自動」會在 CPU 上訓練。若仍想試試，請選 WebGPU。
tr-backend-on-cpu-software = 正在 CPU 上訓練（burn 的 flex 後端，編譯成 WebAssembly）：這個瀏覽器的 WebGPU 以軟體執行，速度較慢。
