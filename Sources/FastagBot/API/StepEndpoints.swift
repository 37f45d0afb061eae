import HTTPServerKit

/// The step API's endpoints, generated from the flow tables: every path the steps of a flow
/// name (`Step.endpoint`) becomes `POST /fastags/<flow>/<path>`, whose body answers those
/// steps (a body may answer several in a row), documented from the same table.
enum StepEndpoints {
    typealias Inputs = [(input: ConversationInput, steps: Set<StepName>?)]

    /// One endpoint: where it is, what it says it does, and its body.
    struct Endpoint: Sendable {
        let flow: FlowName
        let path: String
        let summary: String
        let body: Body
    }

    /// An endpoint's body: its own fields (`session_id` aside), and how they become the answers.
    struct Body: Sendable {
        let schema: JSONValue
        let example: JSONValue
        let inputs: @Sendable (inout RequestBody) throws -> Inputs
        /// Whether the body carries a photo (`image_base64`).
        var takesPhotos = false
    }

    /// The endpoints of every flow whose steps name one, the assign flow asking for `photos`.
    static func all(photos: [Document.Kind] = Document.Kind.allCases) -> [Endpoint] {
        Flow.all(photos: photos).flatMap(endpoints)
    }

    /// The endpoints of `flow`, in the order of their first step.
    static func endpoints(of flow: Flow) -> [Endpoint] {
        var paths: [String] = []
        var steps: [String: [Answer]] = [:]
        for step in flow.steps {
            guard let endpoint = step.endpoint else { continue }
            let path = endpoint.path ?? step.name.rawValue
            if steps[path] == nil { paths.append(path) }
            steps[path, default: []].append(Answer(name: step.name, endpoint: endpoint))
        }
        let numbers = flow.numbers
        return paths.map { path in
            let answered = steps[path] ?? []
            let summary = answered.lazy.compactMap(\.endpoint.summary).first ?? path
            return Endpoint(
                flow: flow.name, path: path, summary: summary + numbering(answered.compactMap { numbers[$0.name] }),
                body: body(answering: answered))
        }
    }

    /// " (step 4)", " (steps 5-7)", or nothing for steps without numbers.
    static func numbering(_ numbers: [Int]) -> String {
        guard let first = numbers.min(), let last = numbers.max() else { return "" }
        return first == last ? " (step \(first))" : " (steps \(first)-\(last))"
    }

    /// A step an endpoint answers, and the field of the body its answer comes in.
    struct Answer {
        let name: StepName
        let endpoint: StepEndpoint

        var field: String { endpoint.field ?? name.rawValue }
    }

    /// The body that answers `steps` (all of one kind of value: texts, an OTP, photos or
    /// Yes/No).
    static func body(answering steps: [Answer]) -> Body {
        let make = {
            (schema: JSONValue, example: JSONValue, inputs: @escaping @Sendable (inout RequestBody) throws -> Inputs) in
            Body(schema: schema, example: example, inputs: inputs)
        }
        switch steps.first?.endpoint.value {
        case .otp?:
            return make(otpSchema, ["otp": "123456"]) { body in try otp(&body, step: steps[0].name) }
        case .yesNo?:
            return make(confirmSchema, ["confirm": "Yes"]) { body in try confirm(&body, step: steps[0].name) }
        case .photo?:
            var kinds: [Document.Kind: StepName] = [:]
            var order: [Document.Kind] = []
            for step in steps {
                guard case .photo(let kind) = step.endpoint.value else { continue }
                kinds[kind] = step.name
                order.append(kind)
            }
            let example: JSONValue = [
                "image_type": .string(order.first?.rawValue ?? "rc_front"),
                "image_base64": "/9j/4AAQSkZJRgABAQAAAQABAAD...",
            ]
            var body = make(photoSchema(order), example) { [kinds] body in try photo(&body, steps: kinds) }
            body.takesPhotos = true
            return body
        case .text?, nil:
            return make(textSchema(steps), textExample(steps)) { body in
                try steps.compactMap { step in
                    let text =
                        step.endpoint.required ? try body.requiredString(step.field) : try body.string(step.field)
                    return text.map { (ConversationInput.text($0), [step.name]) }
                }
            }
        }
    }

    // MARK: - Texts

    /// A string field per step; the required ones must come, and when none is, at least one.
    static func textSchema(_ steps: [Answer]) -> JSONValue {
        let schema = JSONSchema.object(
            properties: steps.map { step in
                guard case .text(let description) = step.endpoint.value else {
                    return (step.field, JSONSchema.string())
                }
                return (step.field, JSONSchema.string(description))
            },
            required: steps.filter(\.endpoint.required).map(\.field))
        let anyRequired = steps.contains(where: \.endpoint.required)
        return anyRequired ? schema : JSONSchema.adding(["minProperties": 1], to: schema)
    }

    static func textExample(_ steps: [Answer]) -> JSONValue {
        .object(
            Dictionary(steps.compactMap { step in step.endpoint.example.map { (step.field, JSONValue.string($0)) } }) {
                $1
            })
    }

    // MARK: - OTP

    static let otpSchema = JSONSchema.adding(
        ["anyOf": [["required": ["otp"]], ["required": ["resend"], "properties": ["resend": ["const": true]]]]],
        to: JSONSchema.object([
            "otp": JSONSchema.string("The customer's 6-digit OTP."),
            "resend": JSONSchema.boolean("true asks the provider for a new OTP instead (otp is then not used)."),
        ]))

    static func otp(_ body: inout RequestBody, step: StepName) throws -> Inputs {
        let otp = try body.string("otp")
        if try body.bool("resend") == true { return [(.text("resend"), [step])] }
        guard let otp else { throw missing("otp") }
        return [(.text(otp), [step])]
    }

    // MARK: - Yes or No

    static let confirmSchema = JSONSchema.object(
        [
            "confirm": [
                "type": ["string", "boolean"],
                "description": "Yes or No (or true or false); another answer is refused in the reply.",
                "examples": ["Yes"],
            ]
        ], required: ["confirm"])

    static func confirm(_ body: inout RequestBody, step: StepName) throws -> Inputs {
        let answer: String
        switch body.value("confirm") {
        case .bool(let flag)?: answer = flag ? "Yes" : "No"
        case .string(let text)?: answer = text
        case nil, .null?: throw missing("confirm")
        case let other?: throw RequestBody.invalid("confirm", "must be Yes or No, not \(other.typeName)")
        }
        return [(.text(answer), [step])]
    }

    // MARK: - Photos

    /// The body of the photos' endpoint, naming the photos asked for (`DOCUMENT_PHOTOS`).
    static func photoSchema(_ kinds: [Document.Kind]) -> JSONValue {
        let names = kinds.map(\.rawValue)
        let listed = names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
        let imageType = JSONSchema.string(
            listed + ", in any case, with or without _" + (kinds.contains(.tagFixed) ? " (TAGAFFIX too)." : ".")
                + (kinds.count < Document.Kind.allCases.count
                    ? " Other photos are not asked for and are refused." : ""),
            pattern: InputPatterns.imageKind, example: names.first ?? "rc_front")
        guard kinds.contains(.tagFixed) else {
            return JSONSchema.object(
                ["image_type": imageType, "image_base64": JSONSchema.string("JPEG or PNG, at most 5 MB.")],
                required: ["image_type", "image_base64"])
        }
        return JSONSchema.adding(
            [
                "anyOf": [
                    ["required": ["image_base64"]], ["required": ["skip"], "properties": ["skip": ["const": true]]],
                ]
            ],
            to: JSONSchema.object(
                [
                    "image_type": imageType,
                    "image_base64": JSONSchema.string("JPEG or PNG, at most 5 MB."),
                    "skip": JSONSchema.boolean(
                        "Only for tag_fixed: no photo of a fixed tag yet. With true, image_base64 is not used."),
                ], required: ["image_type"]))
    }

    /// The photo `image_type` names, for its step among `steps`.
    static func photo(_ body: inout RequestBody, steps: [Document.Kind: StepName]) throws -> Inputs {
        let kind = try body.required("image_type", imageKind)
        guard let step = steps[kind] else {
            let asked = Document.Kind.allCases.filter { steps[$0] != nil }.map(\.rawValue)
            throw RequestBody.invalid(
                "image_type", "names no photo asked here (DOCUMENT_PHOTOS: \(asked.joined(separator: ", ")))")
        }
        let photo = try body.string("image_base64")
        if try body.bool("skip") == true {
            return [(.text("Skip"), [step])]
        }
        guard let photo else { throw missing("image_base64") }
        let image = try ImageInput.decode(photo, field: "image_base64")
        return [(.image(image.bytes), [step])]
    }

    /// `rc_front`, `RCFRONT`, `RC_FRONT`, `rc-front` and `RC Front` all name the same photo
    /// (`InputPatterns.imageKind`): ASCII letters in any case, with spaces, `_` and `-` anywhere.
    static func imageKind(_ text: String) throws(InvalidInput) -> Document.Kind {
        let separators: Set<Unicode.Scalar> = [" ", "_", "-"]
        let wanted = String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter { !separators.contains($0) }.map(Validators.asciiUppercased)))
        let aliases: [String: Document.Kind] = ["TAGAFFIX": .tagFixed]
        if let kind = aliases[wanted]
            ?? Document.Kind.allCases.first(where: { $0.rawValue.uppercased().filter(\.isLetter) == wanted })
        {
            return kind
        }
        throw InvalidInput("must be one of " + Document.Kind.allCases.map(\.rawValue).joined(separator: ", "))
    }
}
