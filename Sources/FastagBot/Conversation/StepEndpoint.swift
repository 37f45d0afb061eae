/// How the step API answers a step: `POST /fastags/<flow>/<path>` with the answer in a field
/// of the body. The steps of a flow that name the same path share one route and one body
/// (`user_info` answers the first name, the last name and the date of birth); the API layer
/// generates the routes and their documentation from these (`API/StepEndpoints.swift`).
struct StepEndpoint: Sendable {
    /// What the body field carries.
    enum Value: Sendable {
        /// Words, as the agent would type them; the description says what is accepted.
        case text(description: String?)
        /// The customer's OTP, or `resend: true` for a new one.
        case otp
        /// A document photo, named by `image_type`, or `skip: true`.
        case photo(Document.Kind)
        /// Yes or No, also as a boolean.
        case yesNo
    }

    /// The last segment of the endpoint's path; nil: the step's name.
    let path: String?
    /// What the endpoint does, for its summary (the first step of an endpoint that says so
    /// gives it).
    let summary: String?
    /// The body field that carries the answer; nil: the step's name.
    let field: String?
    let value: Value
    /// Whether the body must carry the field. An endpoint none of whose fields is required
    /// takes any of them, at least one.
    let required: Bool
    /// The field's value in the endpoint's example body.
    let example: String?

    /// Text in a field of the body.
    static func text(
        _ path: String? = nil, summary: String? = nil, field: String? = nil, description: String? = nil,
        optional: Bool = false, example: String? = nil
    ) -> StepEndpoint {
        StepEndpoint(
            path: path, summary: summary, field: field, value: .text(description: description), required: !optional,
            example: example)
    }

    /// The customer's OTP, at `user_otp` in every flow.
    static func otp(summary: String) -> StepEndpoint {
        StepEndpoint(path: "user_otp", summary: summary, field: "otp", value: .otp, required: false, example: nil)
    }

    /// One of the `count` document photos, all at `upload_image`.
    static func photo(_ kind: Document.Kind, of count: Int) -> StepEndpoint {
        let summary =
            count == 1
            ? "The document photo" : "One of the \(Messages.numberWord(count)) document photos"
        return StepEndpoint(
            path: "upload_image", summary: summary, field: "image_type", value: .photo(kind), required: true,
            example: nil)
    }

    /// Yes or No at a flow's summary.
    static func confirm(summary: String) -> StepEndpoint {
        StepEndpoint(path: nil, summary: summary, field: "confirm", value: .yesNo, required: true, example: nil)
    }
}

extension Step {
    /// How the step counts in the numbering of its flow in CONVERSATION.md, which the step
    /// API's summaries quote ("(step 12)"). The numbers follow from the positions in the table.
    enum Numbering: Sendable {
        /// The next number: questions, unless said otherwise.
        case next
        /// The number of the step before (the ID expiry is 9b, the five photos are all 12).
        case same
        /// No number: automatic steps, unless said otherwise, and the edit list (reached from
        /// the confirmation, numbered after it).
        case none
    }

    /// The step, answered by the step API at `endpoint`.
    func answered(at endpoint: StepEndpoint) -> Step { with(\.endpoint, endpoint) }

    /// The step, counted in its flow's numbering as `numbering` says.
    func numbered(_ numbering: Numbering) -> Step { with(\.numbering, numbering) }

    private func with<Value>(_ property: WritableKeyPath<Step, Value>, _ value: Value) -> Step {
        var step = self
        step[keyPath: property] = value
        return step
    }
}

extension Flow {
    /// Each step's number in CONVERSATION.md's table of the flow, by position; steps without
    /// a number are left out, and so is every step of a flow whose steps the table does not
    /// number.
    var numbers: [StepName: Int] {
        guard numbered else { return [:] }
        var numbers: [StepName: Int] = [:]
        var current = 0
        for step in steps {
            switch step.numbering {
            case .next: current += 1
            case .same: break
            case .none: continue
            }
            numbers[step.name] = current
        }
        return numbers
    }
}
