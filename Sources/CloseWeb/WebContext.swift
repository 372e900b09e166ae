import Hummingbird
import NIOCore

/// The request context: who is on the other end (for the sign-in rate limit) and a small
/// body limit, since no form of ours comes near it; every request is treated as hostile.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address, or "local" when the channel has none (tests in memory).
    public let peer: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// The largest body accepted: an override form of a few hundred lines fits.
    public var maxUploadSize: Int { WebLimits.bodyBytes }
}

/// The bounds of what a request may carry.
public enum WebLimits {
    public static let bodyBytes = 64 * 1024
    public static let fieldBytes = 32 * 1024
    public static let fields = 200
}
