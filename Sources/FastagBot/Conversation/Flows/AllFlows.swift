extension Flow {
    /// Every flow the engine runs, the assign flow asking for `photos` (`DOCUMENT_PHOTOS`).
    /// The step API's routes are generated from these tables.
    static func all(photos: [Document.Kind] = Document.Kind.allCases) -> [Flow] {
        [LoginFlow.flow, MenuFlow.flow, AssignFlow.flow(photos: photos), ReplaceFlow.flow]
    }
}
