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

## Other input errors
error-phone = Not a valid phone number (8–15 digits).
error-not-a-time = Not a valid time; use hours:minutes (08:30).
error-url = A link must start with https:// or http://.

## Agenda
session-kind-opening = Opening
session-kind-report = Report
session-kind-speech = Speech
session-kind-discussion = Discussion
session-kind-training = Training module
session-kind-questions = Questions and answers
session-kind-break = Break
session-kind-closing = Closing
role-chair = Chair
role-presenter = Presenter
role-trainer = Trainer
role-speaker = Speaker
role-secretary = Secretary
session-error-day-outside = This day is outside the conference's dates.
session-error-end-before-start = The end must be after the start.
session-error-no-such-time = This time does not exist in the conference's time zone.
session-error-unknown-room = No such room.
session-error-unknown-track = No such track.
session-error-unknown-person = This person is not in the conference's list.
material-error-empty = The file is empty.
material-error-too-large = The file is too large (at most { $mb } MB).
material-error-type = Only PDF, Word, Excel, PowerPoint, ODT or ZIP documents are accepted.
room-error-name-taken = A room with this name already exists.
track-error-name-taken = A track with this name already exists.
track-error-color = The colour must look like #rrggbb.
agenda-error-nothing-to-publish = The agenda has no changes since the published version.
agenda-error-empty = The agenda has no sessions yet.
person-error-photo-empty = No photo was chosen.
person-error-photo-too-large = The photo is too large (at most { $mb } MB).
person-error-photo-not-image = The file is not a JPEG, PNG or WebP picture.

## Agenda: organizer pages
action-remove = Remove
manage-tab-overview = Overview
manage-tab-agenda = Agenda
manage-tab-rooms = Rooms and tracks
manage-tab-people = Speakers and presenters
manage-tab-versions = Published versions
agenda-title = Agenda
agenda-add-session = Add a session
agenda-publish = Publish the agenda
agenda-state-never = The agenda has never been published.
agenda-state-changed = The draft has unpublished changes (latest published: version { $version }).
agenda-state-current = The draft is the same as published version { $version }.
agenda-conflicts = { $count ->
    [one] { $count } thing to check
   *[other] { $count } things to check
}
agenda-has-conflict = check this
agenda-no-room = (No room yet)
agenda-no-track = (No track)
agenda-outside-dates = Outside the conference's dates
conflict-room = { $room }: “{ $first }” and “{ $second }” overlap in the same room.
conflict-person = { $person } is in two sessions at once: “{ $first }” and “{ $second }”.
conflict-outside-dates = “{ $session }” is outside the conference's dates.
conflict-during-break = “{ $session }” overlaps “{ $break }”.
session-new-title = Add a session
session-create = Add the session
session-title = Title
session-kind = Kind
session-day = Day
session-start = Starts
session-end = Ends
session-room = Room
session-track = Track
session-capacity = Seats
session-capacity-help = For training classes; leave empty to use the room's size.
session-plenary = Plenary session
session-plenary-help = A plenary session is for every delegate and appears in each personal calendar.
session-cancelled-flag = Cancel the session
session-cancelled-help = A cancelled session stays in the agenda, clearly marked.
session-description = Description
session-uid = Identifier
session-people = People
session-person = Person
session-role = Role
session-choose-person = (Choose a person)
session-add-person = Add the person
session-materials = Materials
session-add-link = Add the link
session-add-file = Upload the document
material-title = Title
material-url = Link
material-file = Document
material-file-help = PDF, Word, Excel, PowerPoint, ODT or ZIP, at most 20 MB.
session-move = Move the session
session-move-button = Move
session-duplicate = Duplicate the session
session-delete = Delete the session
session-delete-help = Once a session is published, cancelling is better than deleting: delegates then see that it was cancelled.
session-cancelled = Cancelled
rooms-title = Rooms
room-name = Room name
room-capacity = Seats
room-add = Add the room
tracks-title = Tracks
tracks-help = Tracks run in parallel, for example “Review” and “Training”.
track-name = Track name
track-color = Colour
track-add = Add the track
versions-title = Published versions of the agenda
versions-empty = No version has been published yet.
version-heading = Version { $number }
change-added = Added “{ $title }”.
change-moved = Moved “{ $title }” from { $from } to { $to }.
change-changed = Changed “{ $title }”: { $fields }.
change-cancelled = Cancelled “{ $title }”.
change-restored = Restored “{ $title }”.
change-removed = Removed “{ $title }” from the agenda.
field-kind = kind
field-title = title
field-description = description
field-track = track
field-capacity = seats
field-plenary = plenary
field-people = people
field-materials = materials
people-title = Presenters, trainers and speakers
people-empty = Nobody in the list yet.
people-add = Add a person
people-manage-link = Manage the list of people
person-name = Name
person-family-name = Family name
person-middle-name = Middle name
person-given-name = Given name
person-honorific = Honorific
person-honorific-none = (None)
person-position = Position
person-organization = Agency or unit
person-biography = About
person-email = Email
person-phone = Phone
person-contact-help = Only organizers see this.
person-photo = Photo
person-photo-help = JPEG, PNG or WebP, at most 5 MB; stored scaled down.
person-photo-upload = Upload the photo
person-photo-remove = Remove the photo
person-delete = Remove from the list
notice-agenda-published = Agenda published.
notice-session-created = Session added.
notice-session-duplicated = Session duplicated; this is the copy.
notice-session-deleted = Session deleted.
notice-person-created = Person added.
notice-person-deleted = Person removed from the list.
notice-photo-saved = Photo saved.

## Agenda: public pages
conference-tab-about = About
conference-tab-agenda = Agenda
conference-tab-speakers = Speakers
agenda-not-published = The agenda has not been published yet.
agenda-version = Version
agenda-time-zone = times in
agenda-days = Days
agenda-day-empty = No sessions on this day.
agenda-back = ← Back to the agenda
session-when = When
session-cancelled-notice = This session has been cancelled.
speakers-title = Speakers
speakers-empty = No speakers have been published yet.
speaker-sessions = Sessions
