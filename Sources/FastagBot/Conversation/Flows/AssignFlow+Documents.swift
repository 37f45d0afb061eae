/// Step 12 of the assign flow: the document photos.
extension AssignFlow {
    /// Step 12: the photos `DOCUMENT_PHOTOS` lists (all five by default), each kept when it
    /// arrives and then uploaded to the provider's session. A new provider session (the
    /// vehicle number or the customer's mobile edited) gets the kept photos again without
    /// asking for them. A photo not listed has no step: it is neither asked nor uploaded.
    static func documents(_ photos: [Document.Kind]) -> [Step] {
        photos.enumerated().flatMap { index, kind in
            // CONVERSATION.md numbers the photos as one step (12).
            let ask = Messages.askPhoto(kind, position: index + 1, of: photos.count)
            return [document(kind, ask, of: photos.count).numbered(index == 0 ? .next : .same), upload(kind)]
        }
    }

    /// A document photo, one of `count`, stored (named by its hash); `upload` sends it to the
    /// provider.
    static func document(_ kind: Document.Kind, _ ask: String, of count: Int) -> Step {
        let field = StepName.document(kind)
        let optional = kind == .tagFixed
        return .question(
            field,
            hint: optional
                ? "A photo of the fixed tag, or reply Skip if it is not fixed yet."
                : "A clear photo (JPEG or PNG, up to 5 MB).",
            prompt: { _ in Prompt(ask, options: optional ? [Option(id: "skip", title: "Skip")] : []) }
        ) { input, context in
            guard case .image(let bytes) = input else {
                if optional,
                    input.words?.trimming(" ").lowercased() == "skip" || input == .choice(id: "skip", title: "Skip")
                {
                    context.set(field, "skipped")
                    return
                }
                throw StepFailure.refused(Messages.sendAPhoto)
            }
            let image: ImageData
            do throws(ImageData.Refusal) {
                image = try ImageData(bytes)
            } catch .tooLarge {
                throw StepFailure.refused("That photo is larger than 5 MB. " + Messages.sendAPhoto)
            } catch {
                throw StepFailure.refused(Messages.sendAPhoto)
            }
            // The check runs while the store writes the photo's file; nothing is kept if it fails.
            guard
                let document = try await context.store.saveDocument(
                    image, kind: kind, sessionID: context.session.id, checking: { await ImageCheck.isReadable(image) })
            else { throw StepFailure.refused(Messages.photoUnreadable) }
            context.set(field, .int(document.id))
            context.photos[document.id] = image
        }
        .answered(at: .photo(kind, of: count))
    }

    /// `uploadDocument` for a stored photo, into the current provider session.
    static func upload(_ kind: Document.Kind) -> Step {
        let photo = StepName.document(kind)
        return .automatic(
            .upload(kind), dependsOn: [photo, .userOTP],
            applies: { $0[photo]?.intValue != nil }
        ) { context in
            // The photo that just arrived is at hand; an older one (a new provider session
            // after an edit) is read back from the disk.
            guard let id = context.session[photo]?.intValue else { throw StepFailure.refused(Messages.startAgain) }
            var image = context.photos[id]
            if image == nil { image = try await context.store.documentImage(id: id) }
            guard let image else { throw StepFailure.refused(Messages.startAgain) }
            try await context.callInSession { (provider, agent, session) async throws(ProviderError) in
                try await provider.uploadDocument(agent, session: session, kind: kind, image: image)
            }
            // Saved with the session: its `documents` row is marked uploaded in the same commit.
            context.set(.upload(kind), .int(context.now))
        }
        // Not a fact for `back`: a photo asked again is uploaded again and replaces this one
        // with Shauryapay, so an agent can correct a wrong photo. A retry still resumes after it.
    }
}
