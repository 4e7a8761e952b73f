import AssayCore

extension WireRequest {
    typealias Header = (name: String, value: String)

    /// The headers every format sends: `Content-Type` and `Accept` as its SDK sends them (an event stream when
    /// streaming; `acceptsStream: false` for a format whose SDK asks for JSON either way), a `User-Agent` naming
    /// Assay and its version (as the SDKs name themselves), then the format's own headers, then the credential
    /// when there is a key.
    static func headers(streaming: Bool, acceptsStream: Bool = true, extra: [Header] = [], credential: Header?) -> [Header] {
        var headers: [Header] = [
            ("Content-Type", "application/json"),
            ("Accept", streaming && acceptsStream ? "text/event-stream" : "application/json"),
            ("User-Agent", AssayVersion.userAgent),
        ]
        headers += extra
        if let credential { headers.append(credential) }
        return headers
    }

    /// `Authorization: Bearer KEY`, the credential of most formats.
    static func bearer(_ apiKey: String?) -> Header? {
        apiKey.map { ("Authorization", "Bearer \($0)") }
    }
}
