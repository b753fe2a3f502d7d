package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
)

// confirm asks a yes/no question on the terminal. Without a terminal it
// refuses and says to pass --yes, so a script never deletes by accident.
func (o *Options) confirm(question string) error {
	if !isTerminal(os.Stdin) {
		return usageError("%s: no terminal to ask on; pass --yes to go ahead", question)
	}
	fmt.Fprintf(o.stderr, "%s [y/N] ", question)
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil {
		return fmt.Errorf("read answer: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "예", "네":
		return nil
	}
	return &ExitError{Code: ExitCancelled, Err: errors.New("not confirmed; nothing was changed")}
}
