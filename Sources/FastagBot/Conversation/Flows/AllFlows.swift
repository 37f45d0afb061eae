extension Flow {
    /// Every flow the engine runs. The step API's routes are generated from these tables.
    static let all = [LoginFlow.flow, MenuFlow.flow, AssignFlow.flow, ReplaceFlow.flow]
}
