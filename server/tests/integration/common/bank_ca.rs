//! A bank's own certificate authority, as the bank's PKI team would run it: a root that
//! issues server certificates (rcgen, ring).

use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

pub struct BankCa {
    root: rcgen::Certificate,
    key: rcgen::KeyPair,
}

/// A server certificate the CA issued and its private key.
pub struct Issued {
    pub certificate: rcgen::Certificate,
    pub key: rcgen::KeyPair,
}

impl BankCa {
    pub fn new(name: &str) -> Self {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.distinguished_name.push(rcgen::DnType::CommonName, name);
        let key = rcgen::KeyPair::generate().unwrap();
        let root = params.self_signed(&key).unwrap();
        Self { root, key }
    }

    /// The root certificate (PEM), what a client adds to its trust bundle.
    pub fn pem(&self) -> String {
        self.root.pem()
    }

    /// A server certificate for `host`.
    pub fn issue(&self, host: &str) -> Issued {
        let key = rcgen::KeyPair::generate().unwrap();
        let certificate = rcgen::CertificateParams::new(vec![host.to_owned()])
            .unwrap()
            .signed_by(&key, &self.root, &self.key)
            .unwrap();
        Issued { certificate, key }
    }
}

impl Issued {
    /// The certificate chain as a server presents it (leaf only).
    pub fn chain(&self) -> Vec<CertificateDer<'static>> {
        vec![CertificateDer::from(self.certificate.der().to_vec())]
    }

    pub fn private_key(&self) -> PrivateKeyDer<'static> {
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.serialize_der()))
    }
}
