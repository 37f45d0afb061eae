import Testing

@testable import FastagBot

/// The step API's endpoints come from the flow tables; the shortcut from the menu to a
/// flow's first question is the engine's.
@Suite("Step endpoints from the flow tables")
struct StepEndpointTests {
    @Test func theAssignEndpointsQuoteTheStepNumbersOfConversationMD() {
        let summaries = StepEndpoints.endpoints(of: AssignFlow.flow).map { "\($0.path): \($0.summary)" }
        #expect(
            summaries == [
                "vehicle_number: Vehicle number (step 1)",
                "engine_number: Last 5 of the engine number (step 2)",
                "user_mobile: Customer's mobile; sends the customer an OTP (step 3)",
                "user_otp: Customer's OTP, or a resend (step 4)",
                // Not a step of CONVERSATION.md's table: asked only when the registry gave no class.
                "vehicle_class: Vehicle class, asked only when the registry did not give it",
                "user_info: Customer's first name, last name and date of birth (steps 5-7)",
                "id_proof: ID proof type, number and (Passport, Driving License) expiry (steps 8-9)",
                "plan: Plan, by name or number in the list; creates the customer's wallet (step 10)",
                "upload_image: One of the five document photos (step 12)",
                "serial_number: Last 4 digits of the barcode (step 13)",
                "barcode: The barcode, by number in the list or in full (step 14)",
                "vehicle_maker: Vehicle maker (step 15)",
                "vehicle_model: Vehicle model (step 16)",
                "vehicle_descriptor: Vehicle descriptor (step 17)",
                "edit: Which detail to change, after answering No at the confirmation",
                "confirm: Yes activates the FASTag; No lists the details to change (step 18)",
            ])
    }

    @Test func theReplaceEndpointsAreNotNumbered() {
        let paths = StepEndpoints.endpoints(of: ReplaceFlow.flow).map(\.path)
        #expect(
            paths == [
                "vehicle_number", "user_mobile", "serial_number", "barcode", "reason", "edit", "confirm", "user_otp",
            ])
        #expect(StepEndpoints.endpoints(of: ReplaceFlow.flow).allSatisfy { !$0.summary.contains("(step") })
        #expect(StepEndpoints.endpoints(of: LoginFlow.flow).isEmpty)
    }

    @Test func aFlowsFirstQuestionIsAnsweredStraightFromTheMenu() async throws {
        let chat = try await EngineHarness.loggedIn()
        let reply = try await chat.engine.handle(
            [(.text("MH12AB1234"), [.vehicleNumber])], sessionID: chat.sessionID, endpointOf: .replace)
        #expect(reply.flow == "replace" && reply.step == "user_mobile" && !reply.isRefusal, "\(reply.text)")
        let stored = try #require(try await chat.store.session(chat.sessionID))
        #expect(stored.flow == "replace" && stored.data["vehicle_number"] == "MH12AB1234")
    }

    @Test func withoutAnEndpointTheMenuIsNotSkipped() async throws {
        let chat = try await EngineHarness.loggedIn()
        await #expect(
            throws: ConversationEngine.EngineError.wrongStep(session: chat.sessionID, current: .menu, flow: .menu)
        ) {
            try await chat.engine.handle([(.text("MH12AB1234"), [.vehicleNumber])], sessionID: chat.sessionID)
        }
        // Nor does an endpoint whose first answer is not the flow's first question.
        await #expect(
            throws: ConversationEngine.EngineError.wrongStep(session: chat.sessionID, current: .menu, flow: .menu)
        ) {
            try await chat.engine.handle(
                [(.text("K4321"), [.engineNumber])], sessionID: chat.sessionID, endpointOf: .assign)
        }
        #expect(try await chat.store.session(chat.sessionID)?.flow == "menu")
    }
}
