//! IP allowlists: addresses and CIDR ranges, one per line (`#` starts a comment).

use std::net::IpAddr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    network: IpAddr,
    prefix: u8,
}

impl Range {
    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 client seen over IPv6 (::ffff:a.b.c.d) is the IPv4 address.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.network, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                masked(u32::from(n).into(), self.prefix, 32) == masked(u32::from(a).into(), self.prefix, 32)
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                masked(u128::from(n), self.prefix, 128) == masked(u128::from(a), self.prefix, 128)
            }
            _ => false,
        }
    }
}

fn masked(bits: u128, prefix: u8, width: u8) -> u128 {
    if prefix == 0 {
        0
    } else {
        bits >> (width - prefix)
    }
}

/// The ranges of a list, or the number (1-based) of the first line that is not one.
pub fn parse(text: &str) -> Result<Vec<Range>, usize> {
    let mut ranges = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let (addr, prefix) = match line.split_once('/') {
            Some((a, p)) => (a.trim(), Some(p.trim())),
            None => (line, None),
        };
        let network: IpAddr = addr.parse().map_err(|_| n + 1)?;
        let width = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => width,
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= width).ok_or(n + 1)?,
        };
        ranges.push(Range { network, prefix });
    }
    Ok(ranges)
}

/// Whether the list lets `ip` in: an empty list lets everyone in; an unreadable list
/// (it was checked when saved) lets nobody in.
pub fn allows(text: &str, ip: Option<IpAddr>) -> bool {
    match parse(text) {
        Ok(ranges) if ranges.is_empty() => true,
        Ok(ranges) => ip.is_some_and(|ip| ranges.iter().any(|r| r.contains(ip))),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn ranges_single_addresses_and_comments() {
        let list = "10.20.0.0/16  # head office\n192.168.1.7\n\n2001:db8::/32";
        assert!(allows(list, ip("10.20.3.4")));
        assert!(!allows(list, ip("10.21.0.1")));
        assert!(allows(list, ip("192.168.1.7")));
        assert!(!allows(list, ip("192.168.1.8")));
        assert!(allows(list, ip("2001:db8::1")));
        assert!(!allows(list, ip("2001:db9::1")));
        assert!(allows(list, ip("::ffff:10.20.9.9")));
        assert!(!allows(list, None));
    }

    #[test]
    fn empty_lets_everyone_in_and_bad_lines_are_named() {
        assert!(allows("", ip("8.8.8.8")));
        assert!(allows("  # nobody listed\n", None));
        assert_eq!(parse("10.0.0.0/8\nten.0.0.1"), Err(2));
        assert_eq!(parse("10.0.0.0/33"), Err(1));
        assert!(allows("0.0.0.0/0", ip("203.0.113.5")));
    }
}
