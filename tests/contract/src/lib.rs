//! Contract tests live in tests/; see run.sh.
