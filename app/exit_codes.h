#pragma once

namespace hookscope {

// Documented in README ("Exit codes") and hookscope --help.
enum ExitCode : int
{
    ExitOk = 0,
    ExitFailure = 1,     // database or data folder unusable
    ExitUsage = 2,       // bad command line or bad input file
    ExitPortInUse = 3,   // the receiver port is taken
    ExitListenFailed = 4 // the bind address cannot be used
};

} // namespace hookscope
