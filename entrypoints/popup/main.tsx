import { render } from 'preact';

function Popup() {
  return <p>Déjà lu</p>;
}

render(<Popup />, document.getElementById('app')!);
