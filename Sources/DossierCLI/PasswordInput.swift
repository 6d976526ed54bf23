import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a secret: from the terminal without echo, or one line of standard input.
enum PasswordInput {
    /// One line of standard input, without its line ending.
    static func line() throws -> String {
        guard let line = readLine(strippingNewline: true) else {
            throw CommandFailure("--password-stdin read nothing: send the password as one line on standard input", status: .usage)
        }
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    /// Asks on the terminal with echo off (twice when `confirm`).
    static func ask(_ prompt: String, confirm: Bool) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure("standard input is not a terminal; send the password with --password-stdin", status: .usage)
        }
        let first = try withoutEcho(prompt)
        if confirm, try withoutEcho("Again: ") != first {
            throw CommandFailure("the two passwords differ; nothing was changed")
        }
        return first
    }

    private static func withoutEcho(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw CommandFailure("no password was typed; nothing was changed") }
        return line
    }
}
