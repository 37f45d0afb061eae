/// The console's style sheet: plain CSS, readable on a phone (one column, tables that scroll
/// sideways) and on a desktop.
enum ConsoleStyle {
    static let css = """
        * { box-sizing: border-box; }
        [hidden] { display: none !important; }
        body { margin: 0; font: 15px/1.4 system-ui, sans-serif; color: #1d2327; background: #f4f6f8; }
        header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .6rem 1rem;
          background: #0b5d4b; color: #fff; }
        nav { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: center; }
        nav a { color: #fff; text-decoration: none; padding: .2rem .1rem; }
        nav a.active { border-bottom: 2px solid #fff; }
        main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.3rem; margin: .2rem 0 1rem; }
        h2 { font-size: 1.05rem; margin: 1.2rem 0 .5rem; }
        section.card { background: #fff; border-radius: 8px; padding: .8rem 1rem; margin-bottom: 1rem;
          box-shadow: 0 1px 2px rgba(0,0,0,.08); }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 1rem; }
        .figures { display: flex; flex-wrap: wrap; gap: 1rem; }
        .figure { min-width: 8rem; }
        .figure b { display: block; font-size: 1.5rem; }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: 1rem; }
        form.filters label { display: flex; flex-direction: column; font-size: .85rem; }
        input, select, button { font: inherit; padding: .35rem .5rem; border: 1px solid #b6bec5; border-radius: 6px;
          background: #fff; }
        button { cursor: pointer; background: #0b5d4b; color: #fff; border-color: #0b5d4b; }
        button.secondary { background: #fff; color: #0b5d4b; }
        button.danger { background: #b3261e; border-color: #b3261e; }
        button:disabled { opacity: .5; cursor: default; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e7ea; white-space: nowrap; }
        td.wrap { white-space: normal; }
        .error { color: #b3261e; }
        .muted { color: #66727c; }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0 1rem; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg.chart text { font-size: 11px; fill: #44505a; }
        #sign-in { max-width: 360px; margin: 3rem auto; display: flex; flex-direction: column; gap: .6rem;
          background: #fff; padding: 1.2rem; border-radius: 8px; }
        .timeline { list-style: none; padding: 0; margin: 0; }
        .timeline li { border-left: 3px solid #b6bec5; padding: .3rem .7rem; margin-bottom: .3rem; background: #fff; }
        .timeline li.failed { border-color: #b3261e; }
        .timeline li.reply { border-color: #0b5d4b; }
        .chat { max-width: 480px; background: #e5ddd5; border-radius: 8px; padding: .6rem; display: flex;
          flex-direction: column; gap: .4rem; min-height: 300px; }
        .bubble { max-width: 85%; padding: .4rem .6rem; border-radius: 8px; white-space: pre-wrap; background: #fff; }
        .bubble.mine { align-self: flex-end; background: #dcf8c6; }
        .bubble img { max-width: 100%; display: block; }
        .bubble .choices { display: flex; flex-direction: column; gap: .3rem; margin-top: .4rem; }
        .bubble .choices button { background: #fff; color: #0b7fa0; border-color: #d0d7dc; }
        .sheet { background: #fff; border-radius: 8px; padding: .4rem; display: flex; flex-direction: column; gap: .2rem; }
        .sheet button { text-align: left; background: #fff; color: #1d2327; border-color: #e3e7ea; }
        .sheet small { display: block; color: #66727c; }
        .composer { display: flex; flex-wrap: wrap; gap: .4rem; max-width: 480px; margin-top: .5rem; }
        .composer input[type=text] { flex: 1 1 12rem; }
        @media (max-width: 600px) {
          main { padding: .6rem; }
          th, td { padding: .3rem; }
        }

        """
}
