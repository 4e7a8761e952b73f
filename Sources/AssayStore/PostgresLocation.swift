import Foundation
import PostgresNIO

/// Where a PostgreSQL store lives, read from a `postgres://user:password@host:port/database?sslmode=…` URL.
///
/// Its `description` names host, port and database only, so that it can go into errors and logs: the
/// password never leaves this value except into the connection configuration.
struct PostgresLocation: Sendable, CustomStringConvertible {
    /// How the connection uses TLS, with libpq's `sslmode` names and meanings.
    enum TLSMode: String, Sendable {
        /// No TLS (the default, as for a server on loopback or a private network).
        case disable
        /// libpq's `allow` first tries without TLS; taken here as `disable`.
        case allow
        /// TLS when the server offers it, without checking its certificate.
        case prefer
        /// TLS or no connection, without checking the certificate (as libpq does).
        case require
        /// TLS with a certificate signed by a trusted authority, for any host name.
        case verifyCA = "verify-ca"
        /// TLS with a trusted certificate for this host name.
        case verifyFull = "verify-full"
    }

    static let schemes: Set<String> = ["postgres", "postgresql"]

    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String
    var tls: TLSMode

    /// Whether `location` is a PostgreSQL URL (by its scheme) rather than a file path.
    static func matches(_ location: String) -> Bool {
        guard let colon = location.range(of: "://") else { return false }
        return schemes.contains(location[..<colon.lowerBound].lowercased())
    }

    /// - Throws: `StoreError` naming what is wrong with the URL; the message shows the URL with its
    ///   password hidden.
    init(url: String) throws {
        func invalid(_ problem: String) -> StoreError {
            StoreError(message: "\(ResultStores.describe(url)) is not a usable PostgreSQL URL: \(problem)")
        }
        guard Self.matches(url) else {
            throw invalid("it must start with postgres:// or postgresql://")
        }
        guard let components = URLComponents(string: url) else {
            throw invalid(
                "it cannot be parsed (a password with characters such as @, :, / or ? must be percent-encoded)")
        }
        // URLComponents keeps the brackets of an IPv6 address on some platforms and not on others.
        var host = components.percentEncodedHost.map { $0.removingPercentEncoding ?? $0 } ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw invalid("it names no host") }
        guard let username = components.user, !username.isEmpty else { throw invalid("it names no user") }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw invalid("port \(port) is out of range") }
        var path = components.path
        if path.hasPrefix("/") { path.removeFirst() }
        guard !path.contains("/") else { throw invalid("the database name \"\(path)\" holds a /") }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    throw invalid(
                        "sslmode \"\(item.value ?? "")\" is not one of disable, allow, prefer, require, verify-ca, verify-full")
                }
                tls = mode
            default:
                throw invalid("the parameter \"\(item.name)\" is not supported (only sslmode is)")
            }
        }
        self.host = host
        self.port = port
        self.username = username
        self.password = components.password
        // As libpq does: no database named means the one named after the user.
        self.database = path.isEmpty ? username : path
        self.tls = tls
    }

    var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(shownHost):\(port)/\(database)"
    }

    /// TLS settings from NIOSSL's defaults, loosened as far as the mode allows.
    var tlsConfiguration: TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable, .allow: return nil
        case .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        return configuration
    }

    /// The pool's configuration.
    func clientConfiguration(maximumConnections: Int) -> PostgresClient.Configuration {
        let clientTLS: PostgresClient.Configuration.TLS
        switch (tls, tlsConfiguration) {
        case (.prefer, let configuration?): clientTLS = .prefer(configuration)
        case (_, let configuration?): clientTLS = .require(configuration)
        case (_, nil): clientTLS = .disable
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: clientTLS)
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// The configuration of a single connection (used to migrate before the pool starts).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let connectionTLS: PostgresConnection.Configuration.TLS
        switch (tls, tlsConfiguration) {
        case (.prefer, let configuration?): connectionTLS = .prefer(try NIOSSLContext(configuration: configuration))
        case (_, let configuration?): connectionTLS = .require(try NIOSSLContext(configuration: configuration))
        case (_, nil): connectionTLS = .disable
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: connectionTLS)
    }
}
