//! `chancery completions SHELL`: print a shell completion script (clap_complete).

use clap::{Args, CommandFactory};
use clap_complete::Shell;

/// Flags of `chancery completions`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery completions bash > ~/.local/share/bash-completion/completions/chancery\n  \
chancery completions zsh > ~/.zfunc/_chancery\n  chancery completions fish > ~/.config/fish/completions/chancery.fish"
)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

impl CompletionsArgs {
    /// Prints the script to stdout.
    pub fn run(&self) -> anyhow::Result<()> {
        let mut command = crate::cli::Cli::command();
        clap_complete::generate(self.shell, &mut command, "chancery", &mut std::io::stdout());
        Ok(())
    }
}
