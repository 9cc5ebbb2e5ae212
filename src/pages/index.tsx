// Home page: what this site is, where to start.
import React, { type ReactNode } from "react";
import Link from "@docusaurus/Link";
import Layout from "@theme/Layout";
import Heading from "@theme/Heading";
import Translate, { translate } from "@docusaurus/Translate";
import MeasuredNotebooks from "./_components/MeasuredNotebooks";
import styles from "./index.module.css";

type Card = { title: ReactNode; body: ReactNode; to: string };

const cards: Card[] = [
  {
    title: <Translate id="home.card.build.title">Build attention</Translate>,
    body: (
      <Translate id="home.card.build.body">
        Scaled dot-product attention, masks, multi-head attention and Transformer blocks, written in
        TypeScript on TensorFlow.js and checked numerically cell by cell.
      </Translate>
    ),
    to: "/docs/intro",
  },
  {
    title: <Translate id="home.card.read.title">Understand the background</Translate>,
    body: (
      <Translate id="home.card.read.body">
        How language models grew, the concepts behind them, what they are used for, and what their energy,
        carbon and water footprint is according to published work.
      </Translate>
    ),
    to: "/docs/chapters/background",
  },
  {
    title: <Translate id="home.card.measure.title">Measure the footprint</Translate>,
    body: (
      <Translate id="home.card.measure.body">
        Time and energy of every notebook cell, how they were measured or estimated, and with which hardware,
        shown next to the code that spent them.
      </Translate>
    ),
    to: "/docs/intro",
  },
];

export default function Home(): ReactNode {
  return (
    <Layout
      title={translate({ id: "home.title", message: "Attention, built and costed" })}
      description={translate({
        id: "home.description",
        message:
          "A literate TypeScript tutorial on attention and the energy footprint of language models, measured where counters exist and estimated where they do not.",
      })}
    >
      <header className={styles.hero}>
        <div className="container">
          <Heading as="h1" className={styles.title}>
            LLM Footprint
          </Heading>
          <p className={styles.tagline}>
            <Translate id="home.tagline">
              Attention, built from scratch in TypeScript and measured: what it computes, and what it costs.
            </Translate>
          </p>
          <Link className="button button--primary button--lg" to="/docs/intro">
            <Translate id="home.start">Start reading</Translate>
          </Link>
        </div>
      </header>
      <main className="container margin-vert--lg">
        <div className="row">
          {cards.map((c, i) => (
            <div key={i} className="col col--4 margin-bottom--md">
              <Link to={c.to} className={styles.card}>
                <Heading as="h2" className={styles.cardTitle}>
                  {c.title}
                </Heading>
                <p>{c.body}</p>
              </Link>
            </div>
          ))}
        </div>
        <section className="margin-top--lg">
          <Heading as="h2">
            <Translate id="home.measured.title">Our runs so far</Translate>
          </Heading>
          <p>
            <Translate id="home.measured.intro">
              Each notebook is executed headlessly; the runner records the wall time and CPU time of every
              cell and turns them into energy with the method named in the last column. Numbers come from our
              own runs, never from guesses.
            </Translate>
          </p>
          <MeasuredNotebooks />
        </section>
      </main>
    </Layout>
  );
}
