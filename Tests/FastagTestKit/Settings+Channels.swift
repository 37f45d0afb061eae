import FastagBot

extension Settings {
    /// The WhatsApp channel against a fake Graph API.
    package mutating func useWhatsApp(_ graph: FakeGraphAPI) {
        whatsappAPIURL = graph.apiURL
        whatsappAccessToken = FakeGraphAPI.token
        whatsappPhoneNumberID = FakeGraphAPI.phoneNumberID
        whatsappAppSecret = ChatSecrets.whatsappAppSecret
        whatsappVerifyToken = ChatSecrets.verifyToken
    }

    /// The Interakt channel against a fake Interakt API.
    package mutating func useInterakt(_ interakt: FakeInterakt) {
        interaktAPIURL = interakt.apiURL
        interaktAPIKey = FakeInterakt.apiKey
        interaktWebhookSecret = ChatSecrets.interaktWebhookSecret
    }
}
