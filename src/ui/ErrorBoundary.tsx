import { Component, type ReactNode } from 'react';

interface Props {
  /** what failed, for the message */
  readonly what: string;
  /** remounts the boundary (clearing the error) when it changes */
  readonly resetKey: string;
  readonly children: ReactNode;
}

/** Keeps a failure in one panel from blanking the page; the message says what failed. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidUpdate(prev: Props) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="errors" role="alert" data-testid="panel-error">
          <strong>{this.props.what} failed:</strong> {this.state.error.message}
        </div>
      );
    }
    return this.props.children;
  }
}
