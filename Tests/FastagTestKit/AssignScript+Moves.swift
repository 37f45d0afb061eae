import FastagBot

extension AssignScript {
    /// The flow through the step endpoints, from the menu: one request per endpoint (which
    /// may answer several questions), the first picking the flow.
    package func endpointMoves() -> [StepMove] {
        var moves: [StepMove] = []
        for turn in turns where turn.answering != "menu" {
            if let endpoint = turn.endpoint {
                moves.append(StepMove("/fastags/assign/" + endpoint, turn.body, says: nil, step: turn.step))
            }
            // An endpoint's answer is the one after the last question it answers.
            moves[moves.count - 1].says = turn.says.joined(separator: "\n\n")
            moves[moves.count - 1].step = turn.step
            moves[moves.count - 1].options = turn.options.titles
        }
        return moves
    }

    /// The flow through `/sessions/{id}/message` alone, from the menu: each answer typed,
    /// picked by the option's id, or sent as a photo.
    package func messageMoves() -> [StepMove] {
        var offered = Copy.menuOptions
        return turns.map { turn in
            defer { offered = turn.options }
            let body: [String: JSONValue]
            switch turn.answer {
            case .text(let text): body = ["text": .string(text)]
            case .pick(_, let typed?): body = ["text": .string(typed)]
            case .pick(let title, nil):
                body = ["option_id": .string(offered.first { $0.title == title }?.id ?? title)]
            case .photo(let index): body = ["image_base64": photo(index)]
            }
            return StepMove(
                "/sessions/{id}/message", body, says: turn.says.joined(separator: "\n\n"), step: turn.step,
                options: turn.options.titles)
        }
    }

    /// The turn that answers `step`, for walks that answer whatever the bot asks.
    package func turn(answering step: String) -> Turn? {
        turns.first { $0.answering == step }
    }
}
