## Catalogue tiếng Việt (ngôn ngữ mặc định). Mỗi khóa phải có trong en.ftl.

app-name = Hội nghị
app-tagline = Hội nghị sơ kết, tổng kết và tập huấn

## Lỗi chung
error-invalid = Một số thông tin chưa hợp lệ, vui lòng xem lại các ô được đánh dấu.
error-not-found = Không tìm thấy trang hoặc dữ liệu yêu cầu.
error-unauthorized = Vui lòng đăng nhập để tiếp tục.
error-forbidden = Bạn không có quyền thực hiện thao tác này.
error-rate-limited = Thử quá nhiều lần. Vui lòng thử lại sau { $seconds } giây.
error-too-large = Dữ liệu gửi lên quá lớn (tối đa { $kb } KB).
error-internal = Hệ thống gặp lỗi. Mã tra cứu: { $reference }.
error-bad-request = Yêu cầu không hợp lệ.
error-required = Vui lòng nhập thông tin này.
error-too-long = Tối đa { $max } ký tự.
error-too-short = Tối thiểu { $min } ký tự.
error-not-a-date = Ngày không hợp lệ, hãy dùng dạng năm-tháng-ngày (2017-09-18).
error-not-a-number = Vui lòng nhập một số nguyên.
error-number-range = Giá trị phải từ { $min } đến { $max }.
error-choice = Lựa chọn không hợp lệ.
error-csrf = Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại.
error-json = Nội dung JSON không hợp lệ: { $detail }
error-page-title = Có lỗi xảy ra
error-back-home = Về trang chủ

## Hội nghị
conference-kind-review = Hội nghị sơ kết, tổng kết
conference-kind-training = Tập huấn
conference-kind-both = Sơ kết và tập huấn
conference-status-draft = Bản nháp
conference-status-published = Đã công bố
conference-status-closed = Đã kết thúc
conference-title = Tên hội nghị
conference-slug = Đường dẫn (slug)
conference-slug-help = Chỉ gồm chữ thường không dấu, số và dấu gạch ngang. Để trống để tạo từ tên hội nghị.
conference-kind = Loại hội nghị
conference-starts-on = Ngày bắt đầu
conference-ends-on = Ngày kết thúc
conference-time-zone = Múi giờ
conference-time-zone-help = Tên múi giờ IANA, mặc định Asia/Ho_Chi_Minh (UTC+07:00).
conference-venue-name = Địa điểm
conference-venue-address = Địa chỉ
conference-capacity = Số chỗ
conference-capacity-help = Để trống nếu không giới hạn.
conference-description = Giới thiệu
conference-agency = Cơ quan tổ chức
conference-agency-none = (Chưa chọn)
conference-dates = Thời gian
conference-venue = Địa điểm
conference-organizer = Cơ quan tổ chức
conference-status = Trạng thái
conference-seats = { $count } chỗ
conference-no-limit = Không giới hạn
conference-error-end-before-start = Ngày kết thúc không được trước ngày bắt đầu.
conference-error-too-many-days = Hội nghị kéo dài tối đa { $max } ngày.
conference-error-time-zone = Múi giờ không tồn tại. Ví dụ hợp lệ: Asia/Ho_Chi_Minh.
conference-error-slug-format = Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang.
conference-error-slug-taken = Đường dẫn này đã được dùng cho hội nghị khác.
conference-error-slug-reserved = Đường dẫn này được hệ thống dành riêng.
conference-error-unknown-agency = Cơ quan không tồn tại.
conference-error-already-published = Hội nghị đã được công bố.
conference-error-not-published = Chỉ có thể kết thúc hội nghị đã công bố.
conference-error-closed = Hội nghị đã kết thúc, không thể thay đổi.

## Trang công khai
home-title = Các hội nghị
home-empty = Chưa có hội nghị nào được công bố.
home-upcoming = Sắp diễn ra
home-past = Đã diễn ra
conference-page-about = Giới thiệu
conference-page-details = Thông tin chung

## Ban tổ chức
nav-home = Trang chủ
nav-dashboard = Quản lý
nav-login = Đăng nhập
nav-logout = Đăng xuất
nav-users = Tài khoản
nav-tokens = Khóa API
nav-language = Ngôn ngữ
nav-skip = Bỏ qua đến nội dung chính
dashboard-title = Quản lý hội nghị
dashboard-new = Tạo hội nghị mới
dashboard-empty = Bạn chưa phụ trách hội nghị nào.
dashboard-open = Mở
conference-new-title = Tạo hội nghị mới
conference-edit-title = Sửa thông tin hội nghị
conference-create = Tạo hội nghị
conference-save = Lưu thay đổi
conference-publish = Công bố
conference-publish-help = Sau khi công bố, hội nghị hiện trên trang chủ và mọi người có thể xem.
conference-close = Kết thúc hội nghị
conference-close-help = Hội nghị đã kết thúc vẫn xem được nhưng không nhận thêm đăng ký hay ý kiến.
conference-view-public = Xem trang công khai
conference-organizers = Ban tổ chức
conference-add-organizer = Thêm người tổ chức (email)
conference-add-organizer-button = Thêm
conference-error-unknown-user = Không có tài khoản với email này.

## Tài khoản
login-title = Đăng nhập
login-email = Email
login-password = Mật khẩu
login-submit = Đăng nhập
login-failed = Email hoặc mật khẩu không đúng.
login-disabled = Tài khoản đã bị khóa.
users-title = Tài khoản ban tổ chức
users-new = Tạo tài khoản
users-email = Email
users-name = Họ và tên
users-password = Mật khẩu
users-admin = Quản trị viên
users-role-admin = Quản trị viên
users-role-organizer = Người tổ chức
users-error-email = Địa chỉ email không hợp lệ.
users-error-email-taken = Email này đã có tài khoản.
tokens-title = Khóa API
tokens-help = Khóa API cho phép phần mềm khác dùng API JSON với quyền của bạn. Khóa chỉ hiện một lần khi tạo.
tokens-name = Tên gợi nhớ
tokens-create = Tạo khóa
tokens-created = Khóa mới (sao chép ngay, sẽ không hiện lại):
tokens-revoke = Thu hồi
tokens-revoked = Đã thu hồi
tokens-last-used = Dùng lần cuối
tokens-never = Chưa dùng
tokens-empty = Chưa có khóa nào.

## Chung
action-cancel = Hủy
action-save = Lưu
action-back = Quay lại
action-edit = Sửa
common-yes = Có
common-no = Không
footer-text = Hệ thống quản lý hội nghị sơ kết, tổng kết và tập huấn.
form-has-errors = Biểu mẫu có lỗi, vui lòng xem lại.
form-sending = Đang gửi…

## Cơ quan, đơn vị
agency-error-name-taken = Đã có cơ quan với tên này.
agency-error-unit-taken = Cơ quan đã có đơn vị với tên này.
export-error-format = Tệp không đúng định dạng (cần { $expected }).

## Thông báo sau thao tác
notice-saved = Đã lưu thay đổi.
notice-conference-created = Đã tạo hội nghị. Bạn có thể tiếp tục hoàn thiện thông tin rồi công bố.
notice-conference-published = Đã công bố hội nghị.
notice-conference-closed = Đã kết thúc hội nghị.
notice-logged-out = Bạn đã đăng xuất.
notice-user-created = Đã tạo tài khoản.
tokens-token = Khóa
