import CloseEngine
import HTTPTypes
import Hummingbird
import LedgerStore
import Logging
import NIOCore
import NIOPosix

/// `close serve`: the web front over the same engine as the CLI. It binds to loopback unless
/// told otherwise, serves plain HTML (no script), and keeps sessions in memory.
public enum WebServer {
    /// The application on `host:port`, its routes built from the injected ledger and clock.
    /// `logLevel`: the server's own log (tests keep it to critical: a stopped test server
    /// reports its cancelled connections as errors).
    public static func application(store: LedgerStore, host: String, port: Int, clock: WebClock = .system, logLevel: Logger.Level = .info,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeaders())
        WebRoutes(store: store, clock: clock).register(on: router)
        var logger = Logger(label: "close serve")
        logger.logLevel = logLevel
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "close"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    /// Serves until interrupted (SIGINT or SIGTERM).
    public static func run(store: LedgerStore, host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await application(store: store, host: host, port: port, onRunning: onRunning).runService()
    }
}

/// Headers on every response: no caching of pages, no framing, no script from anywhere, no
/// sniffing, no referrer; inline styles and SVG are the pages' only extras.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[.cacheControl] = "no-store"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}

/// Runs the ledger's blocking work on NIO's thread pool, so that the async executors (two
/// threads on two cores) stay free to answer other requests meanwhile.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(body)
}
