//! The command line (clap derive): one subcommand per verb, shared arguments defined once.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "A static site generator for investigative dossiers",
    after_help = "Examples:
  dossier init my-dossier            a new site with one page of every kind
  cd my-dossier && dossier serve --open
                                     write, save, and see it rebuilt in the browser
  dossier new person \"Ron Wyden\"     content/people/ron-wyden.md
  dossier check --deny-warnings      what an editor would flag; non-zero exit if any
  dossier build                      the site in public/, ready to deploy"
)]
pub struct Cli {
    /// The site's folder (holding site.toml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone, Default)]
pub struct SiteArgs {
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

/// How `dossier check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    Build {
        /// Output folder (default: output_dir from site.toml, under the root).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Use this base URL instead of the one in site.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Build into a folder outside the site's folder, or replace a folder that dossier
        /// did not make (one without a `.dossier-output` file). Never a repository, the
        /// site's folder or one of its own folders.
        #[arg(long)]
        force: bool,
        /// Say how long each stage took (read, analyse, resolve, check links, templates,
        /// render and write), on stderr.
        #[arg(long, short)]
        verbose: bool,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Serve the site from memory, rebuilding what each saved file touches and reloading
    /// the browser. Nothing is written to disk.
    Serve {
        /// Address to listen on (loopback by default: only this computer can connect).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on; if it is taken, the next free one is used.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Check links, citations, relations and events without writing anything.
    Check {
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Also ask for every external address (sources' `url` and `archive_url`, links in
        /// the text) and warn about dead ones. Results are kept a day in
        /// .dossier-cache/external-links.json.
        #[arg(long)]
        external: bool,
        /// Seconds to wait for each external address.
        #[arg(long, default_value_t = 10, value_name = "SECONDS")]
        timeout: u64,
        /// How to print findings: for people (with the source line), or one JSON object a
        /// line (path, line, col, severity, code, message) for editors and CI.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Create a small site that builds at once: one page of every kind, linking and citing
    /// each other, a lead article, and a .gitignore for the output.
    #[command(
        after_help = "Examples:\n  dossier init my-dossier\n  dossier init            (in an empty folder)"
    )]
    Init {
        /// Where to create it (default: the current folder). Nothing is overwritten.
        dir: Option<PathBuf>,
    },
    /// Create a page of a kind in the site the current folder (or --root) is in:
    /// content/<section>/<slug>.md (in the folder site.toml's content_dir names), and the
    /// section's _index.md when the section is new.
    #[command(after_help = "Examples:
  dossier new article \"The deal\"             content/articles/the-deal.md
  dossier new person \"José Núñez\"            content/people/jose-nunez.md
  dossier new source \"NYT, 5 June 2018\"      content/sources/nyt-5-june-2018.md
  dossier new filing \"Form 10-K\"             content/filings/form-10-k.md (a new section)

The page starts with placeholders (an empty description, a line saying what to write) that
`dossier check` flags until they are replaced.")]
    New {
        /// article, note, person, organization, event, source, or any word (its section is
        /// the plural: a `filing` goes to content/filings/).
        kind: String,
        /// The page's title, in quotes; the file name is made from it.
        title: String,
    },
}
