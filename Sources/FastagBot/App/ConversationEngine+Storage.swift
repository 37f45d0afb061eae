extension ConversationEngine {
    /// The engine over the product's database. Assembly lives here, in the application, so
    /// that the conversation code knows only its `ConversationStore`, not `Storage`.
    convenience init(
        provider: any FastagProvider, storage: Storage, sms: any SMSGateway, policy: ConversationPolicy,
        time: any TimeSource
    ) {
        let services = ConversationServices(
            provider: provider, store: StorageConversationStore(storage: storage), sms: sms, policy: policy)
        self.init(services: services, time: time)
    }
}
