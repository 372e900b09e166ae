import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 over a plain socket to a loopback port, one request per connection. For
/// chromedriver, whose replies (`Content-Length:251`, no space after the colon) Foundation's
/// URLSession on Linux refuses with "Failed writing header".
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func request(_ method: String, port: Int, path: String, body: Data? = nil) throws -> (status: Int, body: Data) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 300, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to port \(port): errno \(errno)") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        let request = Data((head + "\r\n").utf8) + (body ?? Data())
        try request.withUnsafeBytes { bytes in
            var sent = 0
            while sent < bytes.count {
                let count = send(fd, bytes.baseAddress! + sent, bytes.count - sent, 0)
                guard count > 0 else { throw Failure(description: "send: errno \(errno)") }
                sent += count
            }
        }
        var reply = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        // Until the body Content-Length announces is in (chromedriver keeps the connection open).
        while true {
            if let split = reply.range(of: Data("\r\n\r\n".utf8)) {
                let header = String(decoding: reply[..<split.lowerBound], as: UTF8.self).lowercased()
                if let line = header.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                   let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)),
                   reply.count - split.upperBound >= length {
                    break
                }
            }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            reply.append(buffer, count: count)
        }
        guard let split = reply.range(of: Data("\r\n\r\n".utf8)) else { throw Failure(description: "no HTTP reply from port \(port)") }
        let header = String(decoding: reply[..<split.lowerBound], as: UTF8.self)
        let status = Int(header.split(separator: " ").dropFirst().first ?? "") ?? 0
        var payload = Data(reply[split.upperBound...])
        if header.lowercased().contains("transfer-encoding: chunked") || header.lowercased().contains("transfer-encoding:chunked") {
            payload = dechunk(payload)
        }
        return (status, payload)
    }

    private static func dechunk(_ data: Data) -> Data {
        var out = Data(), rest = data[...]
        while let line = rest.range(of: Data("\r\n".utf8)) {
            let size = Int(String(decoding: rest[..<line.lowerBound], as: UTF8.self).trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
            guard size > 0 else { break }
            let start = line.upperBound
            out.append(rest[start..<min(start + size, rest.endIndex)])
            rest = rest[min(start + size + 2, rest.endIndex)...]
        }
        return out
    }
}
