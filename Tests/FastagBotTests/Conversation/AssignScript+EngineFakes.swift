import FastagTestKit
import TestKit
import Testing

@testable import FastagBot

extension AssignScript {
    /// Against the engine's scripted provider (`EngineFakeProvider`), with a PAN and the
    /// 400 Plan; its registry knows no vehicle unless scripted to.
    static func engineFakes(registryKnows: Bool = false) -> AssignScript {
        let provider = EngineFakeProvider.Script()
        var script = AssignScript.sandbox(vehicle: "MH12AB1234")
        script.plans = provider.plans.map(\.name)
        script.makers = registryKnows ? [] : provider.makers
        script.models = provider.models["TOYOTA"] ?? []
        script.descriptors = provider.descriptors
        script.customerOTP = EngineFakeProvider.customerOTP
        script.barcode = provider.barcodes[0]
        script.engine = "AB123"
        script.mobile = "9123456789"
        (script.idType, script.idNumber, script.idExpiry) = ("PAN", "ABCPE1234F", nil)
        script.plan = "400 Plan"
        (script.model, script.descriptor) = ("CAMRY", "Petrol")
        script.tagPhoto = true
        return script
    }

    /// Answers each question as the script does, through `send`, from step `at` (the menu, or
    /// a step of the assign flow) until the bot asks `step`; every answer must be taken.
    /// Makers, models and descriptors are answered only when asked.
    func walk(
        from at: String, until step: String, sourceLocation: SourceLocation,
        _ send: (ConversationInput) async throws -> Reply
    ) async throws -> Reply {
        var at = at
        var reply: Reply?
        for _ in turns where at != step {
            let next = try #require(self.turn(answering: at), "no answer for \(at)", sourceLocation: sourceLocation)
            let answered = try await send(Self.input(next.answer))
            try #require(!answered.isRefusal, "\(at): \(answered.text)", sourceLocation: sourceLocation)
            at = answered.step.rawValue
            reply = answered
        }
        try #require(at == step, "stopped at \(at)", sourceLocation: sourceLocation)
        return try #require(reply, sourceLocation: sourceLocation)
    }

    /// An answer as the engine takes it (every photo the same small JPEG).
    static func input(_ answer: Answer) -> ConversationInput {
        switch answer {
        case .text(let text): .text(text)
        case .pick(let title, let typed): .text(typed ?? title)
        case .photo: .image(ImageBytes.jpeg)
        }
    }
}
