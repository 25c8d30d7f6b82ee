## English catalogue (second language). Every key must also be in vi.ftl.

app-name = Conferences
app-tagline = Review and training conferences

## Common errors
error-invalid = Some information is not valid; please check the marked fields.
error-not-found = The page or data you asked for was not found.
error-unauthorized = Please sign in to continue.
error-forbidden = You are not allowed to do this.
error-rate-limited = Too many attempts. Please try again in { $seconds } seconds.
error-too-large = The data sent is too large (at most { $kb } KB).
error-internal = Something went wrong on our side. Reference: { $reference }.
error-bad-request = The request is not valid.
error-required = Please fill in this field.
error-too-long = At most { $max } characters.
error-too-short = At least { $min } characters.
error-not-a-date = Not a valid date; use year-month-day (2017-09-18).
error-not-a-number = Please enter a whole number.
error-number-range = The value must be between { $min } and { $max }.
error-choice = Not a valid choice.
error-csrf = This form has expired. Please reload the page and send it again.
error-json = The JSON body is not valid: { $detail }
error-page-title = Something went wrong
error-back-home = Back to the home page

## Conferences
conference-kind-review = Review conference
conference-kind-training = Training
conference-kind-both = Review and training
conference-status-draft = Draft
conference-status-published = Published
conference-status-closed = Closed
conference-title = Conference title
conference-slug = Address (slug)
conference-slug-help = Lower-case letters without diacritics, digits and hyphens. Leave empty to make one from the title.
conference-kind = Kind
conference-starts-on = First day
conference-ends-on = Last day
conference-time-zone = Time zone
conference-time-zone-help = An IANA time-zone name; Asia/Ho_Chi_Minh (UTC+07:00) by default.
conference-venue-name = Venue
conference-venue-address = Address
conference-capacity = Seats
conference-capacity-help = Leave empty for no limit.
conference-description = About
conference-agency = Organizing agency
conference-agency-none = (None chosen)
conference-dates = Dates
conference-venue = Venue
conference-organizer = Organized by
conference-status = Status
conference-seats = { $count ->
    [one] { $count } seat
   *[other] { $count } seats
}
conference-no-limit = No limit
conference-error-end-before-start = The last day cannot be before the first day.
conference-error-too-many-days = A conference lasts at most { $max } days.
conference-error-time-zone = Unknown time zone. A valid example: Asia/Ho_Chi_Minh.
conference-error-slug-format = The address may only hold lower-case letters without diacritics, digits and hyphens.
conference-error-slug-taken = This address is already used by another conference.
conference-error-slug-reserved = This address is reserved by the system.
conference-error-unknown-agency = No such agency.
conference-error-already-published = The conference is already published.
conference-error-not-published = Only a published conference can be closed.
conference-error-closed = The conference is closed and cannot be changed.

## Public pages
home-title = Conferences
home-empty = No conference has been published yet.
home-upcoming = Upcoming
home-past = Past
conference-page-about = About
conference-page-details = Details

## Organizers
nav-home = Home
nav-dashboard = Manage
nav-login = Sign in
nav-logout = Sign out
nav-users = Accounts
nav-tokens = API tokens
nav-language = Language
nav-skip = Skip to the main content
dashboard-title = Manage conferences
dashboard-new = New conference
dashboard-empty = You do not organize any conference yet.
dashboard-open = Open
conference-new-title = New conference
conference-edit-title = Edit the conference
conference-create = Create the conference
conference-save = Save changes
conference-publish = Publish
conference-publish-help = Once published, the conference shows on the home page and anyone can read it.
conference-close = Close the conference
conference-close-help = A closed conference stays readable but takes no more registrations or feedback.
conference-view-public = View the public page
conference-organizers = Organizers
conference-add-organizer = Add an organizer (email)
conference-add-organizer-button = Add
conference-error-unknown-user = There is no account with this email.

## Accounts
login-title = Sign in
login-email = Email
login-password = Password
login-submit = Sign in
login-failed = Wrong email or password.
login-disabled = This account is disabled.
users-title = Organizer accounts
users-new = Create an account
users-email = Email
users-name = Full name
users-password = Password
users-admin = Administrator
users-role-admin = Administrator
users-role-organizer = Organizer
users-error-email = Not a valid email address.
users-error-email-taken = This email already has an account.
tokens-title = API tokens
tokens-help = An API token lets other software use the JSON API with your rights. A token is shown only once, when it is created.
tokens-name = Name
tokens-create = Create a token
tokens-created = New token (copy it now; it will not be shown again):
tokens-revoke = Revoke
tokens-revoked = Revoked
tokens-last-used = Last used
tokens-never = Never
tokens-empty = No tokens yet.

## Common
action-cancel = Cancel
action-save = Save
action-back = Back
action-edit = Edit
common-yes = Yes
common-no = No
footer-text = Managing review and training conferences.
form-has-errors = The form has errors; please check it.
form-sending = Sending…

## Agencies and units
agency-error-name-taken = An agency with this name already exists.
agency-error-unit-taken = The agency already has a unit with this name.
export-error-format = The file is not in the expected format ({ $expected }).

## Notices after an action
notice-saved = Changes saved.
notice-conference-created = Conference created. Complete its details, then publish it.
notice-conference-published = Conference published.
notice-conference-closed = Conference closed.
notice-logged-out = You have signed out.
notice-user-created = Account created.
tokens-token = Token
